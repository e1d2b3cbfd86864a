using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests.Common.Time;

/// <summary>The one NTP conversion both libraries compile from src/Common (RFC 3550 §4, §6.4.1).</summary>
public class NtpTimeTests
{
    [Fact]
    public void FromDateTime_Epoch_IsZero()
    {
        Assert.Equal(0ul, NtpTime.FromDateTime(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1ul << 31, NtpTime.FromDateTime(new DateTimeOffset(1900, 1, 1, 0, 0, 0, 500, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(2026, 1234567)]
    [InlineData(2030, 9)]
    [InlineData(2035, 9_999_999)]
    public void RoundTrip_PreservesTimeTo100Ns(int year, long ticks)
    {
        var time = new DateTimeOffset(year, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(ticks);

        var back = NtpTime.ToDateTime(NtpTime.FromDateTime(time));

        Assert.InRange((back - time).Ticks, -1, 1);
    }

    [Fact]
    public void ToCompact_TakesMiddle32Bits()
    {
        Assert.Equal(0x5678_9ABCu, NtpTime.ToCompact(0x1234_5678_9ABC_DEF0));
    }

    [Fact]
    public void CompactDurations_ConvertBothWays()
    {
        Assert.Equal(0x8000u, NtpTime.TimeSpanToCompact(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(TimeSpan.FromSeconds(2), NtpTime.CompactToTimeSpan(0x20000));
        Assert.Equal(0u, NtpTime.TimeSpanToCompact(TimeSpan.FromSeconds(-1)));
        Assert.Equal(uint.MaxValue, NtpTime.TimeSpanToCompact(TimeSpan.FromDays(1)));
    }

    [Fact]
    public void ToSenderTime_AudioAndVideoCapturedTogether_MapToSameInstant()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var clock = new MediaClock(time);
        var audioClock = new RtpClock(48_000, 0xFFFF_0000);
        var videoClock = new RtpClock(90_000, 12_345);
        time.Advance(TimeSpan.FromSeconds(3));
        var capture = clock.Now;
        uint audioTimestamp = audioClock.ToRtpTimestamp(capture);
        uint videoTimestamp = videoClock.ToRtpTimestamp(capture);
        time.Advance(TimeSpan.FromMilliseconds(700));
        var audioReport = clock.SampleSenderReportTimes(audioClock);
        time.Advance(TimeSpan.FromMilliseconds(300));
        var videoReport = clock.SampleSenderReportTimes(videoClock);

        var audioTime = NtpTime.ToSenderTime(audioReport.NtpTimestamp, audioReport.RtpTimestamp, 48_000, audioTimestamp);
        var videoTime = NtpTime.ToSenderTime(videoReport.NtpTimestamp, videoReport.RtpTimestamp, 90_000, videoTimestamp);

        Assert.InRange((audioTime - videoTime).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
        Assert.InRange((audioTime - clock.ToWallClock(capture)).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public void ToSenderTime_TimestampWrappedAfterReport_AddsForward()
    {
        var reportTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var later = NtpTime.ToSenderTime(NtpTime.FromDateTime(reportTime), uint.MaxValue - 45_000, 90_000, 45_000 - 1);
        var earlier = NtpTime.ToSenderTime(NtpTime.FromDateTime(reportTime), 45_000, 90_000, 0);

        Assert.Equal(reportTime + TimeSpan.FromSeconds(1), later);
        Assert.Equal(reportTime - TimeSpan.FromSeconds(0.5), earlier);
    }
}
