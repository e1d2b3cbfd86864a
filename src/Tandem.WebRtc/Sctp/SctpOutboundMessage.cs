using System.Buffers;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// A user message waiting to be sent or acknowledged. Its bytes live in a pooled buffer that is
/// returned once the message is fully sent and no chunk of it is outstanding any more.
/// </summary>
internal sealed class SctpOutboundMessage
{
    public ushort StreamId { get; private set; }

    public uint Ppid { get; private set; }

    public byte[] Buffer { get; private set; } = [];

    public int Length { get; private set; }

    public bool Unordered { get; private set; }

    public int? MaxRetransmits { get; private set; }

    /// <summary>Timestamp (TimeProvider ticks) after which the message is abandoned; long.MaxValue = never.</summary>
    public long ExpiresAt { get; private set; }

    /// <summary>Bytes already cut into DATA chunks.</summary>
    public int SentOffset { get; set; }

    public ushort Ssn { get; set; }

    public bool Abandoned { get; set; }

    /// <summary>Chunks of this message still in the retransmission queue.</summary>
    public int OutstandingChunks { get; set; }

    public bool FullySent => SentOffset >= Length;

    public bool IsReliable => MaxRetransmits is null && ExpiresAt == long.MaxValue;

    public static SctpOutboundMessage Create(ushort streamId, uint ppid, ReadOnlySpan<byte> data, in SctpSendOptions options, long expiresAt)
    {
        var message = new SctpOutboundMessage
        {
            StreamId = streamId,
            Ppid = ppid,
            Buffer = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1)),
            Length = data.Length,
            Unordered = options.Unordered,
            MaxRetransmits = options.MaxRetransmits,
            ExpiresAt = expiresAt,
        };
        data.CopyTo(message.Buffer);
        return message;
    }

    /// <summary>Returns the buffer to the pool once nothing references the bytes any more.</summary>
    public void ReleaseIfDone()
    {
        if ((FullySent || Abandoned) && OutstandingChunks == 0 && Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}
