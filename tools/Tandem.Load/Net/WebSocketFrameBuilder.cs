using System.Buffers;
using System.Security.Cryptography;

namespace Tandem.Load.Net;

/// <summary>
/// Builds client frames (RFC 6455 §5.2, masked per §5.3) back to back in one buffer, so that several
/// messages go out in one send. A message's payload is written to <see cref="BeginMessage"/>'s writer,
/// then framed by <see cref="EndMessage"/>. Not thread-safe: one per sender. Its buffers are pooled:
/// dispose it when the connection is done.
/// </summary>
public sealed class WebSocketFrameBuilder : IDisposable
{
    private readonly PooledBufferWriter _payload;
    private readonly PooledBufferWriter _frames;
    private uint _state;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> bytes before it grows.</summary>
    public WebSocketFrameBuilder(int capacity = 4096)
    {
        _payload = new PooledBufferWriter(capacity);
        _frames = new PooledBufferWriter(capacity);
        Span<byte> seed = stackalloc byte[4];
        RandomNumberGenerator.Fill(seed);
        _state = BitConverter.ToUInt32(seed) | 1;
    }

    /// <summary>The frames built since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Frames => _frames.WrittenMemory;

    /// <summary>Messages framed since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets the frames built so far (after they were sent).</summary>
    public void Clear()
    {
        _frames.Clear();
        Count = 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _payload.Dispose();
        _frames.Dispose();
        Count = 0;
    }

    /// <summary>Starts a message: write its payload to the returned writer, then call <see cref="EndMessage"/>.</summary>
    public IBufferWriter<byte> BeginMessage()
    {
        _payload.Clear();
        return _payload;
    }

    /// <summary>Frames the payload written since <see cref="BeginMessage"/> as one unfragmented frame.</summary>
    public void EndMessage(WebSocketOpcode opcode = WebSocketOpcode.Text) => Append(opcode, _payload.WrittenSpan, fin: true);

    /// <summary>Appends one frame carrying <paramref name="payload"/>, masked with a fresh key.</summary>
    public void Append(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true)
    {
        // §5.3: each frame gets a fresh key, which must be unpredictable so that a script cannot choose
        // the bytes on the wire (§10.3, proxy cache poisoning). The load tool writes all its payloads
        // itself, so a xorshift seeded from the system RNG is enough and costs nothing per frame.
        _state ^= _state << 13;
        _state ^= _state >> 17;
        _state ^= _state << 5;
        var header = new WebSocketFrameHeader(fin, opcode, Masked: true, _state, payload.Length, 0);
        var span = _frames.GetSpan(WebSocketFrameHeader.MaxLength + payload.Length);
        var written = header.Write(span);
        WebSocketMask.Apply(payload, span[written..], _state);
        _frames.Advance(written + payload.Length);
        Count++;
    }
}
