extern alias TandemMedia;

using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using TandemMedia::Tandem.Media.Clock;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Media;

public sealed class LipSyncMappingTests
{
    private const uint VideoSsrc = 0x0000_0A0A;
    private const uint AudioSsrc = 0x0000_0B0B;
    private static readonly DateTimeOffset SenderEpoch = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToSenderTime_OneSecondAfterAndHalfBefore_OffsetsTheReportTime()
    {
        var mapping = new RtpSenderReportMapping(VideoSsrc, 90_000, NtpTime.FromDateTime(SenderEpoch), 1_000_000, default);

        Assert.Equal(SenderEpoch, mapping.SenderTime);
        Assert.Equal(SenderEpoch.AddSeconds(1), mapping.ToSenderTime(1_090_000));
        Assert.Equal(SenderEpoch.AddMilliseconds(-500), mapping.ToSenderTime(955_000));
    }

    [Theory]
    [InlineData(0xFFFF_FF00u, 0x0000_0100u, 512)]
    [InlineData(0x0000_0100u, 0xFFFF_FF00u, -512)]
    [InlineData(0x7FFF_FFF0u, 0x8000_0010u, 32)]
    public void ToSenderTime_AcrossWraparound_TakesTheNearestTimestamp(uint reportRtp, uint rtp, int expectedUnits)
    {
        var mapping = new RtpSenderReportMapping(AudioSsrc, 48_000, NtpTime.FromDateTime(SenderEpoch), reportRtp, default);

        var expected = SenderEpoch.AddTicks(expectedUnits * TimeSpan.TicksPerSecond / 48_000);
        Assert.Equal(expected, mapping.ToSenderTime(rtp));
    }

    [Fact]
    public void TryGetSenderTime_NoReportYet_IsNotAvailable()
    {
        var timeline = new RtpMediaTimeline(new FakeTimeProvider());
        timeline.OnRtpArrival(VideoSsrc, 1234, 90_000);

        Assert.False(timeline.TryGetMapping(VideoSsrc, out _));
        Assert.False(timeline.TryGetSenderTime(VideoSsrc, 1234, out _));
        Assert.False(timeline.TryGetPresentationTime(VideoSsrc, 1234, out _));
        Assert.False(timeline.TryGetPlayoutOffset(out _));
        Assert.False(timeline.TryGetSenderTime(AudioSsrc, 1234, out _));
    }

    [Fact]
    public void TryGetSenderTime_ReportBeforeAnyPacket_AvailableOnceThePacketNamesTheClockRate()
    {
        var time = new FakeTimeProvider();
        var timeline = new RtpMediaTimeline(time);
        timeline.OnSenderReport(VideoSsrc, Info(SenderEpoch, 9_000), clockRate: 0);

        Assert.False(timeline.TryGetSenderTime(VideoSsrc, 9_000, out _));

        timeline.OnRtpArrival(VideoSsrc, 18_000, 90_000);

        Assert.True(timeline.TryGetSenderTime(VideoSsrc, 18_000, out var senderTime));
        Assert.Equal(SenderEpoch.AddMilliseconds(100), senderTime);
        Assert.True(timeline.TryGetMapping(VideoSsrc, out var mapping));
        Assert.Equal(new RtpSenderReportMapping(VideoSsrc, 90_000, Info(SenderEpoch, 9_000).NtpTimestamp, 9_000, time.GetUtcNow()), mapping);
    }

    [Fact]
    public void OnSenderReport_NewerReport_ReplacesTheMappingAndOlderOneIsIgnored()
    {
        var time = new FakeTimeProvider();
        var timeline = new RtpMediaTimeline(time);
        timeline.OnSenderReport(AudioSsrc, Info(SenderEpoch, 48_000), 48_000);

        // The sender's RTP clock ran 1 ms fast over the second: the new SR corrects the mapping.
        time.Advance(TimeSpan.FromSeconds(1));
        timeline.OnSenderReport(AudioSsrc, Info(SenderEpoch.AddSeconds(1), 96_048), 48_000);
        Assert.True(timeline.TryGetSenderTime(AudioSsrc, 96_048 + 4_800, out var afterUpdate));
        Assert.Equal(SenderEpoch.AddSeconds(1.1), afterUpdate);

        // An SR from before the latest, delivered late, must not move the mapping back.
        timeline.OnSenderReport(AudioSsrc, Info(SenderEpoch.AddMilliseconds(500), 72_000), 48_000);
        Assert.True(timeline.TryGetMapping(AudioSsrc, out var mapping));
        Assert.Equal(96_048u, mapping.RtpTimestamp);
        Assert.Equal(time.GetUtcNow(), mapping.ReceivedAt);
    }

    [Fact]
    public void TryGetPresentationTime_AudioSlowerThanVideo_SameInstantPlaysAtOneTimeAfterTheSlowerArrival()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var timeline = new RtpMediaTimeline(time) { ExtraPlayoutDelay = TimeSpan.FromMilliseconds(15) };
        var video = new RtpClock(90_000, 0xFFFF_0000);
        var audio = new RtpClock(48_000, 0x1234_5678);
        var captureOrigin = time.GetUtcNow() - TimeSpan.FromHours(3);

        // The sender's wall clock reads SenderEpoch at the capture origin; the receiver's is unrelated.
        timeline.OnSenderReport(VideoSsrc, Info(SenderEpoch, video.ToRtpTimestamp(MediaInstant.Zero)), 90_000);
        timeline.OnSenderReport(AudioSsrc, Info(SenderEpoch, audio.ToRtpTimestamp(MediaInstant.Zero)), 48_000);
        var capture = MediaInstant.FromElapsed(TimeSpan.FromSeconds(2));
        time.SetUtcNow(captureOrigin + capture.Elapsed + TimeSpan.FromHours(3) + TimeSpan.FromMilliseconds(30));
        timeline.OnRtpArrival(VideoSsrc, video.ToRtpTimestamp(capture), 90_000);
        time.Advance(TimeSpan.FromMilliseconds(40));
        timeline.OnRtpArrival(AudioSsrc, audio.ToRtpTimestamp(capture), 48_000);

        Assert.True(timeline.TryGetPresentationTime(VideoSsrc, video.ToRtpTimestamp(capture), out var videoAt));
        Assert.True(timeline.TryGetPresentationTime(AudioSsrc, audio.ToRtpTimestamp(capture), out var audioAt));
        Assert.Equal(videoAt, audioAt);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMilliseconds(15), audioAt);
    }

    [Fact]
    public void TryGetPlayoutOffset_TwoWindowsWithoutThePeak_ForgetsIt()
    {
        var time = new FakeTimeProvider();
        var timeline = new RtpMediaTimeline(time);
        var origin = time.GetUtcNow();
        timeline.OnSenderReport(VideoSsrc, Info(origin, 0), 90_000);
        time.Advance(TimeSpan.FromMilliseconds(500));
        timeline.OnRtpArrival(VideoSsrc, 90_000 * 4 / 10, 90_000);
        Assert.True(timeline.TryGetPlayoutOffset(out var peak));
        Assert.Equal(TimeSpan.FromMilliseconds(100), peak);

        for (var i = 1; i <= 50; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            var elapsed = time.GetUtcNow() - origin - TimeSpan.FromMilliseconds(20);
            timeline.OnRtpArrival(VideoSsrc, (uint)(elapsed.Ticks * 9 / 1000), 90_000);
        }

        Assert.True(timeline.TryGetPlayoutOffset(out var settled));
        Assert.Equal(TimeSpan.FromMilliseconds(20), settled);
    }

    [Fact]
    public void OnSenderReport_MoreStreamsThanRemembered_ReplacesTheIdlestStream()
    {
        var time = new FakeTimeProvider();
        var timeline = new RtpMediaTimeline(time);
        for (uint ssrc = 1; ssrc <= RtpMediaTimeline.MaxStreams; ssrc++)
        {
            timeline.OnSenderReport(ssrc, Info(SenderEpoch, 0), 48_000);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        timeline.OnRtpArrival(1, 0, 48_000);
        timeline.OnSenderReport(99, Info(SenderEpoch, 0), 48_000);

        Assert.True(timeline.TryGetMapping(1, out _));
        Assert.False(timeline.TryGetMapping(2, out _));
        Assert.True(timeline.TryGetMapping(99, out _));
        Assert.True(timeline.TryGetMapping(RtpMediaTimeline.MaxStreams, out _));
    }

    [Fact]
    public void TryGetSenderTime_ReceiverOverload_NullReceiver_Throws()
    {
        var timeline = new RtpMediaTimeline(new FakeTimeProvider());

        Assert.Throws<ArgumentNullException>(() => timeline.TryGetSenderTime(null!, 0, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => timeline.ExtraPlayoutDelay = TimeSpan.FromMilliseconds(-1));
    }

    private static RtcpSenderInfo Info(DateTimeOffset senderTime, uint rtpTimestamp) =>
        new(NtpTime.FromDateTime(senderTime), rtpTimestamp, PacketCount: 1, OctetCount: 100);
}
