using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>How long the timeline's playout offset (the windowed transit maximum) lasts when streams stop.</summary>
public sealed class RtpMediaTimelineTransitTests
{
    private const uint VideoSsrc = 0x0000_0A0A;
    private const uint AudioSsrc = 0x0000_0B0B;
    private static readonly TimeSpan PacketInterval = TimeSpan.FromMilliseconds(20);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly RtpMediaTimeline _timeline;
    private readonly DateTimeOffset _origin;

    public RtpMediaTimelineTransitTests()
    {
        _timeline = new RtpMediaTimeline(_time);
        _origin = _time.GetUtcNow();

        // Both streams' RTP timestamp 0 is the sender instant _origin (one wall clock, as one CNAME has).
        var info = new RtcpSenderInfo(NtpTime.FromDateTime(_origin), 0, PacketCount: 1, OctetCount: 100);
        _timeline.OnSenderReport(VideoSsrc, info, 90_000);
        _timeline.OnSenderReport(AudioSsrc, info, 48_000);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    [InlineData(3600)]
    public void TryGetPresentationTime_AskedSecondsAfterTheLastPacket_PlacesTheMediaWithTheOffsetItArrivedUnder(int secondsLater)
    {
        var first = Arrive(VideoSsrc, 90_000, TimeSpan.FromMilliseconds(30));
        for (var i = 0; i < 150; i++)
        {
            Arrive(VideoSsrc, 90_000, TimeSpan.FromMilliseconds(30));
            Arrive(AudioSsrc, 48_000, TimeSpan.FromMilliseconds(30));
        }

        // The app looks at what it received only later (a pause, the end of the call, a busy thread).
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        Assert.True(_timeline.TryGetPlayoutOffset(out var offset));
        Assert.Equal(TimeSpan.FromMilliseconds(30), offset);
        Assert.True(_timeline.TryGetPresentationTime(VideoSsrc, first.RtpTimestamp, out var shown));
        Assert.Equal(first.SenderTime + TimeSpan.FromMilliseconds(30), shown);
    }

    [Fact]
    public void TryGetPlayoutOffset_SlowStreamPausesWhileTheOtherPlays_FollowsThePlayingStreamThenKeepsIt()
    {
        for (var i = 0; i < 50; i++)
        {
            Arrive(VideoSsrc, 90_000, TimeSpan.FromMilliseconds(80));
            Arrive(AudioSsrc, 48_000, TimeSpan.FromMilliseconds(20));
        }

        Assert.True(_timeline.TryGetPlayoutOffset(out var both));
        Assert.Equal(TimeSpan.FromMilliseconds(80), both);

        // Video stops; audio plays on for more than two windows, then stops too.
        for (var i = 0; i < 250; i++)
        {
            Arrive(AudioSsrc, 48_000, TimeSpan.FromMilliseconds(20));
        }

        Assert.True(_timeline.TryGetPlayoutOffset(out var audioOnly));
        Assert.Equal(TimeSpan.FromMilliseconds(20), audioOnly);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_timeline.TryGetPlayoutOffset(out var afterSilence));
        Assert.Equal(TimeSpan.FromMilliseconds(20), afterSilence);
    }

    [Fact]
    public void TryGetPlayoutOffset_MediaResumesAfterALongPause_TakesTheNewTransitAtOnce()
    {
        for (var i = 0; i < 50; i++)
        {
            Arrive(VideoSsrc, 90_000, TimeSpan.FromMilliseconds(80));
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        Arrive(VideoSsrc, 90_000, TimeSpan.FromMilliseconds(25));

        Assert.True(_timeline.TryGetPlayoutOffset(out var offset));
        Assert.Equal(TimeSpan.FromMilliseconds(25), offset);
    }

    /// <summary>Advances the clock one packet interval and delivers a packet sent <paramref name="transit"/> ago.</summary>
    private (uint RtpTimestamp, DateTimeOffset SenderTime) Arrive(uint ssrc, int clockRate, TimeSpan transit)
    {
        _time.Advance(PacketInterval);
        var senderTime = _time.GetUtcNow() - transit;
        var rtp = (uint)((senderTime - _origin).Ticks * clockRate / TimeSpan.TicksPerSecond);
        _timeline.OnRtpArrival(ssrc, rtp, clockRate);
        return (rtp, senderTime);
    }
}
