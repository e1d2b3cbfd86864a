using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>
/// A bare RFC 6455 client that can send frames but does not read after the handshake until told to,
/// so it never answers the server's pings: a half-open peer, as a phone that lost its network looks
/// (R4), or a reader that stopped reading (R34).
/// </summary>
internal sealed class RawWebSocket : IDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;

    /// <summary>A client; a small <paramref name="receiveBuffer"/> keeps what the kernel takes for it small.</summary>
    public RawWebSocket(int? receiveBuffer = null)
    {
        if (receiveBuffer is { } size)
        {
            _tcp.ReceiveBufferSize = size;
        }
    }

    public async Task ConnectAsync(int port)
    {
        await _tcp.ConnectAsync("127.0.0.1", port);
        _stream = _tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed during the handshake");
            }

            response.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sends one masked text frame (RFC 6455 §5.2).</summary>
    public async Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new List<byte> { 0x81 };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add(0x80 | 127);
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            frame.AddRange(length);
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        await _stream.WriteAsync(frame.ToArray());
    }

    /// <summary>Reads (and throws away) everything the server sends until it closes the connection; returns the byte count.</summary>
    public async Task<long> ReadToEndAsync()
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (IOException)
        {
            // Reset by the server: the end as well.
        }

        return total;
    }

    public void Dispose() => _tcp.Dispose();
}
