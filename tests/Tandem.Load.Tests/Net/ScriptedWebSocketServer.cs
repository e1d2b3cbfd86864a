using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

/// <summary>A one-connection WebSocket server on loopback whose every byte the test writes by hand.</summary>
internal sealed class ScriptedWebSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _length;
    private TcpClient? _client;

    public ScriptedWebSocketServer() => _listener.Start();

    public Uri Uri => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/path?q=1");

    public NetworkStream Stream => _client!.GetStream();

    /// <summary>Accepts the connection and reads its request; returns the request head.</summary>
    public async Task<string> AcceptAsync()
    {
        _client = await _listener.AcceptTcpClientAsync();
        while (true)
        {
            var end = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.ASCII.GetString(_buffer, 0, end);
                Consume(end + 4);
                return head;
            }

            await ReadMoreAsync();
        }
    }

    /// <summary>The 101 answer for <paramref name="request"/>, with the right accept value unless <paramref name="accept"/> is given.</summary>
    public static byte[] Upgrade(string request, string? accept = null)
    {
        var key = request.Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.Ordinal))[18..].Trim();
        return Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept ?? WebSocketHandshake.ExpectedAccept(key)}\r\n\r\n");
    }

    /// <summary>An unmasked server frame.</summary>
    public static byte[] Frame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = false)
    {
        var bytes = new byte[WebSocketFrameHeader.MaxLength + payload.Length];
        var header = new WebSocketFrameHeader(fin, opcode, masked, masked ? 0x01020304u : 0, payload.Length, 0).Write(bytes);
        payload.CopyTo(bytes.AsSpan(header));
        if (masked)
        {
            WebSocketMask.Apply(bytes.AsSpan(header, payload.Length), bytes.AsSpan(header), 0x01020304u);
        }

        return bytes[..(header + payload.Length)];
    }

    public static byte[] Close(ushort status)
    {
        var body = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(body, status);
        return Frame(WebSocketOpcode.Close, body);
    }

    /// <summary>Reads the client's next frame: its header and unmasked payload.</summary>
    public async Task<(WebSocketFrameHeader Header, byte[] Payload)> ReadFrameAsync()
    {
        while (true)
        {
            if (WebSocketFrameHeader.TryRead(_buffer.AsSpan(0, _length), out var header) == OperationStatus.Done
                && _length >= header.FrameLength)
            {
                var payload = _buffer.AsSpan(header.HeaderLength, (int)header.PayloadLength).ToArray();
                if (header.Masked)
                {
                    WebSocketMask.Apply(payload, payload, header.MaskKey);
                }

                Consume((int)header.FrameLength);
                return (header, payload);
            }

            await ReadMoreAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        await Task.CompletedTask;
    }

    private async Task ReadMoreAsync()
    {
        var n = await Stream.ReadAsync(_buffer.AsMemory(_length));
        if (n == 0)
        {
            throw new EndOfStreamException("the client closed the connection");
        }

        _length += n;
    }

    private void Consume(int count)
    {
        _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
        _length -= count;
    }
}
