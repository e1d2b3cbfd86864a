namespace Tandem.Signaling.Protocol;

/// <summary>Timestamps on the wire: microseconds since 1970-01-01T00:00:00Z (requirements §6(6), R12).</summary>
public static class UnixMicros
{
    /// <summary>Microseconds since the Unix epoch of <paramref name="time"/>.</summary>
    public static long From(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Now, in microseconds since the Unix epoch.</summary>
    public static long Now(TimeProvider time) => From(time.GetUtcNow());
}
