using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests.Clock;

public class SenderClockMappingTests
{
    [Fact]
    public void TryGetSenderTime_AudioAndVideoCapturedTogether_MapToSameInstant()
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
        var audio = new SenderClockMapping(48_000);
        var video = new SenderClockMapping(90_000);

        audio.Update(audioReport.NtpTimestamp, audioReport.RtpTimestamp);
        video.Update(videoReport.NtpTimestamp, videoReport.RtpTimestamp);

        Assert.True(audio.TryGetSenderTime(audioTimestamp, out var audioTime));
        Assert.True(video.TryGetSenderTime(videoTimestamp, out var videoTime));
        Assert.InRange((audioTime - videoTime).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
        Assert.InRange((audioTime - clock.ToWallClock(capture)).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public void TryGetSenderTime_BeforeAnyReport_ReturnsFalse()
    {
        var mapping = new SenderClockMapping(90_000);

        Assert.False(mapping.TryGetSenderTime(1234, out _));
        Assert.False(mapping.HasReport);
    }

    [Fact]
    public void TryGetSenderTime_TimestampAfterReport_AddsForward()
    {
        var mapping = new SenderClockMapping(90_000);
        var reportTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        mapping.Update(NtpTime.FromDateTime(reportTime), uint.MaxValue - 45_000);

        Assert.True(mapping.TryGetSenderTime(45_000 - 1, out var later));

        Assert.Equal(reportTime + TimeSpan.FromSeconds(1), later);
    }
}
