using System.Net;
using System.Net.Sockets;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>
/// An in-memory UDP network for agent unit tests: sends are queued and delivered by
/// <see cref="Flush"/> on the test thread, so runs are deterministic and no socket is opened.
/// </summary>
internal sealed class FakeIceNetwork
{
    private readonly Queue<(IPEndPoint From, IPEndPoint To, byte[] Data)> _queue = new();
    private readonly Dictionary<IPEndPoint, FakeIceSocket> _bound = [];
    private int _nextPort = 40000;

    /// <summary>Return true to drop a datagram (from, to, bytes).</summary>
    public Func<IPEndPoint, IPEndPoint, byte[], bool>? DropFilter { get; set; }

    public int Delivered { get; private set; }

    public IIceSocketFactory CreateHost(params IPAddress[] addresses) => new Factory(this, [.. addresses]);

    /// <summary>A host whose addresses are <paramref name="addresses"/> as the list is when asked (a test changes it: a network change).</summary>
    public IIceSocketFactory CreateHost(List<IPAddress> addresses) => new Factory(this, addresses);

    public FakeIceSocket Bind(IPAddress address, int port = 0, int? bufferSize = null)
    {
        var socket = new FakeIceSocket(this, new IPEndPoint(address, port == 0 ? _nextPort++ : port), bufferSize ?? 212992);
        _bound[socket.LocalEndPoint] = socket;
        return socket;
    }

    public FakeIceSocket SocketAt(IPEndPoint endPoint) => _bound[endPoint];

    public void Enqueue(FakeIceSocket from, ReadOnlySpan<byte> data, SocketAddress to)
    {
        var template = to.Family == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        _queue.Enqueue((from.LocalEndPoint, (IPEndPoint)template.Create(to), data.ToArray()));
    }

    /// <summary>Delivers queued datagrams (and the ones their handling sends) until none is left.</summary>
    public void Flush()
    {
        for (var guard = 0; guard < 100_000 && _queue.TryDequeue(out var item); guard++)
        {
            if (DropFilter?.Invoke(item.From, item.To, item.Data) == true
                || !_bound.TryGetValue(item.To, out var target) || target.Handler is null || target.IsDisposed)
            {
                continue;
            }

            Delivered++;
            target.Handler(target, item.Data, item.From.Serialize());
        }
    }

    private sealed class Factory(FakeIceNetwork network, List<IPAddress> addresses) : IIceSocketFactory
    {
        public IIceSocket Bind(IPAddress address, int? bufferSize) => network.Bind(address, bufferSize: bufferSize);

        public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback, bool includeIPv6) => [.. addresses];
    }
}

internal sealed class FakeIceSocket(FakeIceNetwork network, IPEndPoint localEndPoint, int bufferSize) : IIceSocket
{
    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public int ReceiveBufferSize { get; } = bufferSize;

    public int SendBufferSize { get; } = bufferSize;

    public IceSocketReceiveHandler? Handler { get; private set; }

    public bool IsDisposed { get; private set; }

    public List<byte[]> Sent { get; } = [];

    public void Dispose() => IsDisposed = true;

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!IsDisposed)
        {
            Sent.Add(datagram.ToArray());
            network.Enqueue(this, datagram, remote);
        }
    }

    public void Start(IceSocketReceiveHandler handler) => Handler = handler;

    /// <summary>A peer's success response to a check, signed with the peer's password (for hand-driven peers).</summary>
    public static void AnswerSigned(IIceSocket socket, StunTransactionId id, SocketAddress to, string password)
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, id);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1));
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey(password));
        writer.AddFingerprint();
        socket.Send(writer.Written, to);
    }
}
