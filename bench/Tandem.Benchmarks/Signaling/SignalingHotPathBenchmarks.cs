using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;

namespace Tandem.Benchmarks.Signaling;

/// <summary>
/// The signaling server's per-message work, without sockets: parse + validate, the forwarded copy,
/// and the whole route through the hub. The baseline is the obvious implementation of R23 with a DOM
/// (parse to <see cref="JsonNode"/>, add two fields, serialise), measured in the same run.
/// </summary>
[MemoryDiagnoser]
public class SignalingHotPathBenchmarks
{
    private byte[] _offer = [];
    private byte[] _ice = [];
    private readonly DeviceIdCache _ids = new();
    private SignalingHub _hub = null!;
    private SignalingClient _glasses = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sdp = new StringBuilder();
        while (sdp.Length < 4000)
        {
            sdp.Append("a=candidate:1 1 udp 2122260223 10.77.0.1 50000 typ host generation 0\r\n");
        }

        _offer = Message("offer", new JsonObject { ["type"] = "offer", ["sdp"] = sdp.ToString() });
        _ice = Message("ice", new JsonObject { ["candidate"] = "candidate:1 1 udp 2122260223 10.77.0.1 50000 typ host", ["sdpMid"] = "0", ["sdpMLineIndex"] = 0 });
        _hub = new SignalingHub(new SignalingOptions(), TimeProvider.System, NullLogger<SignalingHub>.Instance);
        _glasses = Connect("glasses_123456");
        Connect("app_123456");
    }

    [GlobalCleanup]
    public void Cleanup() => _hub.Dispose();

    [Benchmark(Baseline = true, Description = "forward offer: JsonNode parse + add + serialise")]
    public int ForwardWithDom()
    {
        var node = JsonNode.Parse(_offer)!.AsObject();
        node["room_id"] = "room_123456";
        node["server_time"] = 1732442082000000;
        return JsonSerializer.SerializeToUtf8Bytes(node).Length;
    }

    [Benchmark(Description = "forward offer: validate + splice")]
    public int ForwardWithSplice()
    {
        ClientMessageParser.TryParse(_offer, _ids, out _, out _);
        var message = ServerMessages.Forward(_offer, MessageType.Offer, "room_123456", 1732442082000000, 0);
        var length = message.Length;
        message.Release();
        return length;
    }

    /// <summary>What the parser did before its data scanner: every token through Utf8JsonReader, a string per top-level field.</summary>
    [Benchmark(Description = "validate offer with Utf8JsonReader (previous parser)")]
    public int ValidateWithReader()
    {
        var reader = new Utf8JsonReader(_offer);
        var length = 0;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.String)
            {
                length += reader.GetString()!.Length;
            }
        }

        return length;
    }

    [Benchmark(Description = "validate offer (parser)")]
    public bool ParseOffer() => ClientMessageParser.TryParse(_offer, _ids, out _, out _);

    [Benchmark(Description = "parse + validate ice")]
    public bool ParseIce() => ClientMessageParser.TryParse(_ice, _ids, out _, out _);

    [Benchmark(Description = "hub route offer (parse, validate, route, enqueue)")]
    public void RouteOffer() => _hub.Receive(_glasses, _offer);

    [Benchmark(Description = "hub route ice (parse, validate, route, enqueue)")]
    public void RouteIce() => _hub.Receive(_glasses, _ice);

    private static byte[] Message(string type, JsonObject data) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["type"] = type,
        ["device_id"] = "glasses_123456",
        ["from"] = "glasses_123456",
        ["to"] = "app_123456",
        ["data"] = data,
        ["time"] = 1732442082000000,
    });

    private SignalingClient Connect(string id)
    {
        SignalingClient? client = null;
        _hub.Connect("127.0.0.1:1", c =>
        {
            client = c;
            return new DeliveringConnection(_hub, c);
        });
        _hub.Receive(client!, JoinBytes(id));
        return client!;
    }

    private static byte[] JoinBytes(string id) =>
        Encoding.UTF8.GetBytes($"{{\"type\":\"join\",\"device_id\":\"{id}\",\"from\":\"{id}\",\"to\":\"server\",\"time\":1}}");

    /// <summary>A socket stand-in that "sends" at once, so the queue bound never trips.</summary>
    private sealed class DeliveringConnection(SignalingHub hub, SignalingClient client) : ISignalingConnection
    {
        public void Send(OutboundMessage message)
        {
            hub.Delivered(client, message);
            message.Release();
        }

        public void Close(int closeCode, string reason)
        {
        }

        // Nothing is ever queued: Send delivers at once.
        public void DropQueued()
        {
        }
    }
}
