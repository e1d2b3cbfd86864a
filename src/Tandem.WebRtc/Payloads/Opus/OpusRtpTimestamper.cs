namespace Tandem.WebRtc.Payloads.Opus;

/// <summary>
/// Stamps consecutive Opus packets of one outgoing stream: the timestamp advances by the audio
/// duration of each packet in the 48 kHz RTP clock (RFC 7587 §4.1, https://www.rfc-editor.org/rfc/rfc7587#section-4.1), wrapping modulo 2^32.
/// Not thread-safe: one per stream, used by the audio send loop.
/// </summary>
internal sealed class OpusRtpTimestamper
{
    /// <summary>Starts at <paramref name="initialTimestamp"/> (RFC 3550 §5.1: should be random).</summary>
    public OpusRtpTimestamper(uint initialTimestamp) => Next = initialTimestamp;

    /// <summary>The timestamp the next packet will carry.</summary>
    public uint Next { get; private set; }

    /// <summary>Returns the timestamp for a packet of <paramref name="samples"/> samples at <paramref name="sampleRate"/> Hz and advances past it.</summary>
    public uint Stamp(int samples, int sampleRate)
    {
        var timestamp = Next;
        Next = unchecked(Next + OpusRtp.SamplesToTicks(samples, sampleRate));
        return timestamp;
    }

    /// <summary>Skips a stretch of silence not sent (discontinuous transmission), keeping the clock true.</summary>
    public void Skip(TimeSpan duration) => Next = unchecked(Next + OpusRtp.DurationToTicks(duration));
}
