using System.Security.Cryptography;

namespace Tandem.Media.Clock;

/// <summary>
/// Maps capture instants to RTP timestamps at one clock rate (90 000 for video, 48 000 for Opus):
/// <c>offset + elapsed × clockRate</c>, modulo 2^32 (RFC 3550 §5.1).
/// </summary>
public sealed class RtpClock
{
    /// <summary>Creates an RTP clock.</summary>
    /// <param name="clockRate">Timestamp units per second, e.g. 90 000 or 48 000.</param>
    /// <param name="offset">The RTP timestamp of the capture clock's origin.</param>
    public RtpClock(int clockRate, uint offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ClockRate = clockRate;
        Offset = offset;
    }

    /// <summary>Timestamp units per second.</summary>
    public int ClockRate { get; }

    /// <summary>The RTP timestamp of the capture clock's origin.</summary>
    public uint Offset { get; }

    /// <summary>The RTP timestamp of <paramref name="instant"/>.</summary>
    public uint ToRtpTimestamp(MediaInstant instant) => unchecked(Offset + (uint)ToUnits(instant.Ticks));

    /// <summary>The number of RTP timestamp units in <paramref name="duration"/>, rounded down.</summary>
    internal long ToUnits(TimeSpan duration) => ToUnits(duration.Ticks);

    /// <summary>
    /// The capture instant of <paramref name="rtpTimestamp"/>, taking the candidate nearest to
    /// <paramref name="reference"/> (so wrap-around of the 32-bit timestamp is handled).
    /// </summary>
    internal MediaInstant ToInstant(uint rtpTimestamp, MediaInstant reference)
    {
        uint referenceTimestamp = ToRtpTimestamp(reference);
        int delta = unchecked((int)(rtpTimestamp - referenceTimestamp));
        long referenceUnits = ToUnits(reference.Ticks);
        long units = referenceUnits + delta;
        return new MediaInstant(FromUnits(units));
    }

    /// <summary>Returns a random 32-bit value for an initial RTP timestamp.</summary>
    internal static uint RandomOffset()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt32(bytes);
    }

    // Splitting whole seconds from the remainder keeps ticks × clockRate from overflowing Int64.
    private long ToUnits(long ticks)
    {
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        return (seconds * ClockRate) + (remainder * ClockRate / TimeSpan.TicksPerSecond);
    }

    private long FromUnits(long units)
    {
        long seconds = Math.DivRem(units, ClockRate, out long remainder);
        return (seconds * TimeSpan.TicksPerSecond) + (remainder * TimeSpan.TicksPerSecond / ClockRate);
    }
}
