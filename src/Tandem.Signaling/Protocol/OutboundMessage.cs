using System.Buffers;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// One UTF-8 JSON text message queued for a client, in a buffer rented from <see cref="ArrayPool{T}.Shared"/>.
/// Whoever takes it off a queue sends it and then calls <see cref="Release"/> exactly once.
/// </summary>
public readonly struct OutboundMessage
{
    private readonly byte[] _buffer;

    internal OutboundMessage(byte[] buffer, int length, MessageType type, long receivedTimestamp)
    {
        _buffer = buffer;
        Length = length;
        Type = type;
        ReceivedTimestamp = receivedTimestamp;
    }

    /// <summary>Length of the message in bytes.</summary>
    public int Length { get; }

    /// <summary>The type of a forwarded message; <see cref="MessageType.Unknown"/> for messages the server makes.</summary>
    public MessageType Type { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the server received the original (0 if the server made it).</summary>
    public long ReceivedTimestamp { get; }

    /// <summary>The message bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Returns the buffer to the pool; the message must not be used afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);

    internal static OutboundMessage Copy(ReadOnlySpan<byte> bytes, MessageType type = MessageType.Unknown, long receivedTimestamp = 0)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer);
        return new OutboundMessage(buffer, bytes.Length, type, receivedTimestamp);
    }
}
