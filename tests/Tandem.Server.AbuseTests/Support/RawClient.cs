using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tandem.Load.Net;

namespace Tandem.Server.AbuseTests.Support;

/// <summary>
/// A WebSocket client on a raw socket that writes whatever frames a test asks for (RFC 6455 §5.2),
/// valid or not — RSV bits, reserved opcodes, unmasked, lying lengths — and reads the server's
/// frames until it closes. Handshake, masking and header parsing are the load tool's (tools/Tandem.Load/Net).
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _buffered;

    private RawClient(Socket socket) => _socket = socket;

    /// <summary>The text messages the server sent, in order.</summary>
    public List<string> Texts { get; } = [];

    /// <summary>Connects and completes the opening handshake (§4.1).</summary>
    public static async Task<RawClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        var client = new RawClient(socket);
        var key = WebSocketHandshake.NewKey();
        await socket.SendAsync(WebSocketHandshake.Request(new Uri($"ws://127.0.0.1:{port}/"), key));
        while (true)
        {
            var read = await socket.ReceiveAsync(client._buffer.AsMemory(client._buffered));
            Assert.True(read > 0, "the server closed during the handshake");
            client._buffered += read;
            var status = WebSocketHandshake.TryReadResponse(client._buffer.AsSpan(0, client._buffered), WebSocketHandshake.ExpectedAccept(key), out var consumed, out var error);
            Assert.True(status != OperationStatus.InvalidData, error);
            if (status == OperationStatus.Done)
            {
                client.Consume(consumed);
                return client;
            }
        }
    }

    /// <summary>
    /// One frame: <paramref name="first"/> is the first header byte (FIN, RSV1-3, opcode); the length
    /// field says <paramref name="declaredLength"/> if given (a lie), else the payload's length.
    /// </summary>
    public static byte[] Frame(byte first, ReadOnlySpan<byte> payload, bool masked = true, ulong? declaredLength = null)
    {
        var length = declaredLength ?? (ulong)payload.Length;
        var frame = new List<byte> { first };
        var maskBit = masked ? (byte)0x80 : (byte)0;
        if (length < 126)
        {
            frame.Add((byte)(maskBit | (byte)length));
        }
        else if (length <= ushort.MaxValue)
        {
            frame.Add((byte)(maskBit | 126));
            frame.Add((byte)(length >> 8));
            frame.Add((byte)length);
        }
        else
        {
            frame.Add((byte)(maskBit | 127));
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, length);
            frame.AddRange(bytes);
        }

        var body = payload.ToArray();
        if (masked)
        {
            var key = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
            frame.AddRange(BitConverter.GetBytes(key));
            WebSocketMask.Apply(body, body, key);
        }

        frame.AddRange(body);
        return [.. frame];
    }

    /// <summary>A masked text frame.</summary>
    public static byte[] Text(string text, bool fin = true) => Frame((byte)((fin ? 0x80 : 0) | 0x1), Encoding.UTF8.GetBytes(text));

    /// <summary>Writes bytes; false once the server has closed or reset the connection.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _socket.SendAsync(bytes);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the server's frames until its close frame (returns the close code), the end of the
    /// connection without one (null), or <paramref name="limit"/> (fails the test).
    /// </summary>
    public async Task<int?> ReadUntilClosedAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                while (TryTakeFrame(out var header, out var payload))
                {
                    switch (header.Opcode)
                    {
                        case WebSocketOpcode.Close:
                            return payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : null;
                        case WebSocketOpcode.Text:
                            Texts.Add(Encoding.UTF8.GetString(payload));
                            break;
                    }
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(_buffered), timeout.Token);
                if (read == 0)
                {
                    return null;
                }

                _buffered += read;
            }
        }
        catch (SocketException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server neither closed nor reset the connection within {limit.TotalSeconds} s");
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();

    private bool TryTakeFrame(out WebSocketFrameHeader header, out byte[] payload)
    {
        payload = [];
        if (WebSocketFrameHeader.TryRead(_buffer.AsSpan(0, _buffered), out header) != OperationStatus.Done || header.FrameLength > _buffered)
        {
            return false;
        }

        payload = _buffer.AsSpan(header.HeaderLength, (int)header.PayloadLength).ToArray();
        Consume((int)header.FrameLength);
        return true;
    }

    private void Consume(int count)
    {
        _buffer.AsSpan(count, _buffered - count).CopyTo(_buffer);
        _buffered -= count;
    }
}
