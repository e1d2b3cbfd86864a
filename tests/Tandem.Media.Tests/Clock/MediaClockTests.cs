using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests.Clock;

public class MediaClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_TimeAdvances_ReturnsElapsedSinceOrigin()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new MediaClock(time);

        time.Advance(TimeSpan.FromMilliseconds(1234));

        Assert.Equal(TimeSpan.FromMilliseconds(1234), clock.Now.Elapsed);
    }

    [Fact]
    public void FromTimestamp_TimestampTakenLater_ItsElapsedTimeSinceTheOrigin()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new MediaClock(time);
        time.Advance(TimeSpan.FromMilliseconds(750));
        var stamped = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromMilliseconds(750), clock.FromTimestamp(stamped).Elapsed);
    }

    [Fact]
    public void FromWallClock_PresentationTime_PlacedOnTheClockAndBackAgain()
    {
        var clock = new MediaClock(new FakeTimeProvider(Start));
        var presentation = Start + TimeSpan.FromMilliseconds(2500.5);

        var instant = clock.FromWallClock(presentation);

        Assert.Equal(TimeSpan.FromMilliseconds(2500.5), instant.Elapsed);
        Assert.Equal(presentation, clock.ToWallClock(instant));
    }

    [Fact]
    public void ToNtpTimestamp_Origin_MatchesRfc3550Epoch()
    {
        var clock = new MediaClock(new FakeTimeProvider(Start));

        ulong ntp = clock.ToNtpTimestamp(MediaInstant.Zero);

        // 1900-01-01 to 2026-11-24T12:00Z, counted independently of the implementation.
        ulong expectedSeconds = (ulong)(Start - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds;
        Assert.Equal(expectedSeconds, ntp >> 32);
        Assert.Equal(0u, (uint)ntp);
    }

    [Fact]
    public void ToNtpTimestamp_HalfSecond_FractionIsHalf()
    {
        var clock = new MediaClock(new FakeTimeProvider(Start));

        ulong ntp = clock.ToNtpTimestamp(MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(500)));

        Assert.Equal(0x8000_0000u, (uint)ntp);
    }

    [Fact]
    public void SampleSenderReportTimes_SameInstant_RtpAndNtpAgree()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new MediaClock(time);
        var audio = new RtpClock(48_000, 1000);
        var video = new RtpClock(90_000, 0xFFFF_FF00);
        time.Advance(TimeSpan.FromSeconds(2.5));

        var a = clock.SampleSenderReportTimes(audio);
        var v = clock.SampleSenderReportTimes(video);

        Assert.Equal(a.NtpTimestamp, v.NtpTimestamp);
        Assert.Equal(1000u + 120_000u, a.RtpTimestamp);
        Assert.Equal(unchecked(0xFFFF_FF00u + 225_000u), v.RtpTimestamp);
        Assert.Equal(TimeSpan.FromSeconds(2.5), a.Instant.Elapsed);
    }

    [Fact]
    public void ToRtpTimestamp_FrameCaptureAndSenderReport_LineUp()
    {
        var time = new FakeTimeProvider(Start);
        var clock = new MediaClock(time);
        var video = clock.CreateRtpClock(90_000);
        time.Advance(TimeSpan.FromMilliseconds(100));
        var capture = clock.Now;
        uint frameTimestamp = video.ToRtpTimestamp(capture);
        time.Advance(TimeSpan.FromMilliseconds(400));

        var sr = clock.SampleSenderReportTimes(video);

        // A receiver maps the frame to wall time through the SR: frame NTP = SR NTP - (SR RTP - frame RTP)/rate.
        double secondsBeforeSr = unchecked(sr.RtpTimestamp - frameTimestamp) / 90_000.0;
        var frameWall = NtpTime.ToDateTime(sr.NtpTimestamp) - TimeSpan.FromSeconds(secondsBeforeSr);
        Assert.Equal(clock.ToWallClock(capture), frameWall);
    }

    [Fact]
    public void CreateRtpClock_TwoClocks_HaveRandomOffsets()
    {
        var clock = new MediaClock(new FakeTimeProvider(Start));

        var offsets = Enumerable.Range(0, 8).Select(_ => clock.CreateRtpClock(90_000).Offset).Distinct().Count();

        Assert.True(offsets > 1);
    }

    [Fact]
    public void ToRtpTimestamp_LongUptime_DoesNotOverflow()
    {
        var rtp = new RtpClock(90_000, 0);
        var instant = MediaInstant.FromElapsed(TimeSpan.FromDays(400));

        uint ts = rtp.ToRtpTimestamp(instant);

        Assert.Equal(unchecked((uint)(400L * 86_400 * 90_000)), ts);
    }

    [Fact]
    public void ToInstant_AcrossWrap_RecoversInstant()
    {
        var rtp = new RtpClock(48_000, 0xFFFF_FFF0);
        var reference = MediaInstant.FromElapsed(TimeSpan.FromSeconds(10));
        var instant = MediaInstant.FromElapsed(TimeSpan.FromSeconds(9.98));

        var back = rtp.ToInstant(rtp.ToRtpTimestamp(instant), reference);

        Assert.Equal(instant, back);
    }
}
