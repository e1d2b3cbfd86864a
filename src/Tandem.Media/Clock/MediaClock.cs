using Tandem.Common.Time;

namespace Tandem.Media.Clock;

/// <summary>
/// The shared monotonic capture clock of one peer. Every captured audio and video frame is stamped
/// with a <see cref="MediaInstant"/> from the same clock, and RTCP sender reports derive both their
/// NTP and RTP timestamps from one instant of it (RFC 3550 §6.4.1) — which is what lets the
/// receiver line audio and video up (lip sync).
/// </summary>
/// <remarks>
/// Instants come from <see cref="TimeProvider.GetTimestamp"/> (monotonic); the wall clock is read
/// once, at construction, to anchor NTP time, so wall-clock steps never make media time jump.
/// Thread-safe: the clock holds no mutable state.
/// </remarks>
public sealed class MediaClock
{
    private readonly long _originTimestamp;
    private readonly DateTimeOffset _originWallClock;

    /// <summary>Creates a clock whose origin is now.</summary>
    /// <param name="timeProvider">Time source; <see cref="TimeProvider.System"/> when null.</param>
    public MediaClock(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        _originTimestamp = TimeProvider.GetTimestamp();
        _originWallClock = TimeProvider.GetUtcNow();
    }

    /// <summary>The time source behind this clock (use it for pacing timers).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The wall-clock time of the clock's origin.</summary>
    internal DateTimeOffset OriginWallClock => _originWallClock;

    /// <summary>The current capture instant.</summary>
    public MediaInstant Now => MediaInstant.FromElapsed(TimeProvider.GetElapsedTime(_originTimestamp));

    /// <summary>
    /// The instant of <paramref name="timestamp"/>, a <see cref="TimeProvider.GetTimestamp"/> value of this
    /// clock's <see cref="TimeProvider"/>: places a moment stamped elsewhere (a packet sent) on the timeline.
    /// </summary>
    public MediaInstant FromTimestamp(long timestamp) => MediaInstant.FromElapsed(TimeProvider.GetElapsedTime(_originTimestamp, timestamp));

    /// <summary>The wall-clock time of <paramref name="instant"/>, anchored at the clock's origin.</summary>
    public DateTimeOffset ToWallClock(MediaInstant instant) => _originWallClock.AddTicks(instant.Ticks);

    /// <summary>
    /// The instant of wall-clock time <paramref name="wallClock"/> on this clock (the inverse of
    /// <see cref="ToWallClock"/>): places a receive-side presentation time on the shared timeline.
    /// </summary>
    public MediaInstant FromWallClock(DateTimeOffset wallClock) => new((wallClock - _originWallClock).Ticks);

    /// <summary>The 64-bit NTP timestamp (RFC 3550 §4) of <paramref name="instant"/>.</summary>
    internal ulong ToNtpTimestamp(MediaInstant instant) => NtpTime.FromDateTime(ToWallClock(instant));

    /// <summary>
    /// Creates an RTP timestamp clock at <paramref name="clockRate"/> Hz with a random initial offset
    /// (RFC 3550 §5.1: the initial value of the timestamp should be random).
    /// </summary>
    public RtpClock CreateRtpClock(int clockRate) => new(clockRate, RtpClock.RandomOffset());

    /// <summary>
    /// Samples the clock once and returns the NTP and RTP timestamps of that single instant, as an
    /// RTCP sender report needs them (RFC 3550 §6.4.1).
    /// </summary>
    public SenderReportTimes SampleSenderReportTimes(RtpClock rtpClock)
    {
        ArgumentNullException.ThrowIfNull(rtpClock);
        var now = Now;
        return new SenderReportTimes(now, ToNtpTimestamp(now), rtpClock.ToRtpTimestamp(now));
    }
}
