using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

/// <summary>The congestion window: the bytes in flight, the pacer holding new video on them, the encoder's pushback.</summary>
public sealed class CongestionWindowTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly List<byte> _sent = [];

    [Fact]
    public void BytesInFlight_FeedbackDescribesAPacket_ItAndEverythingBeforeLeaveTheFlight()
    {
        var log = new SentPacketLog();
        for (ushort sequence = 65_530; sequence != 6; sequence++)
        {
            log.OnSent(sequence, 1000, sequence);
        }

        Assert.Equal(12_000, log.BytesInFlight);

        // Across the wrap: 65535 and all before it are described (one of them lost, another never named).
        Assert.True(log.TryDescribe(65_535, out _, out _, out _));
        Assert.Equal(6000, log.BytesInFlight);

        // An older packet named late changes nothing; a number never sent is not found.
        Assert.True(log.TryDescribe(65_531, out _, out _, out _));
        Assert.False(log.TryDescribe(100, out _, out _, out _));
        Assert.Equal(6000, log.BytesInFlight);

        Assert.True(log.TryDescribe(5, out _, out var size, out _));
        Assert.Equal(1000, size);
        Assert.Equal(0, log.BytesInFlight);
    }

    [Fact]
    public void Drain_WindowFull_VideoWaitsRetransmissionsGoAndFeedbackReleasesIt()
    {
        long inFlight = 10_000;
        using var pacer = NewPacer(1_000_000, () => inFlight);
        pacer.SetCongestionWindow(8000);
        for (var i = 0; i < 5; i++)
        {
            pacer.Enqueue([1], 1000, RtpPacketPriority.Video);
        }

        // One packet leaves anyway (nothing sent for 500 ms: its feedback must be able to open the window), then none.
        Advance(100);
        Assert.Equal([1], _sent);
        Assert.True(pacer.Congested);

        pacer.Enqueue([2], 1000, RtpPacketPriority.Retransmission);
        Advance(100);
        Assert.Equal([1, 2], _sent);
        Assert.Equal(4, pacer.QueuedPackets);

        inFlight = 2000;
        Advance(10);
        Assert.Equal([1, 2, 1, 1, 1, 1], _sent);
        Assert.False(pacer.Congested);
    }

    [Fact]
    public void Drain_WindowFullForLong_OnePacketEveryHalfSecondKeepsFeedbackComing()
    {
        using var pacer = NewPacer(1_000_000, () => 1_000_000);
        pacer.SetCongestionWindow(8000);
        for (var i = 0; i < 10; i++)
        {
            pacer.Enqueue([1], 1000, RtpPacketPriority.Video);
        }

        Advance(2000);

        // At 0, 500, 1000, 1500 and 2000 ms.
        Assert.Equal(5, _sent.Count);
    }

    [Fact]
    public void QueueTimeAtTarget_VideoHeldByTheWindow_CountsAtTheTargetNotThePacingRate()
    {
        using var pacer = NewPacer(1_000_000, () => 1_000_000);
        pacer.SetCongestionWindow(8000);
        for (var i = 0; i < 11; i++)
        {
            pacer.Enqueue([1], 1000, RtpPacketPriority.Video);
        }

        // One packet left (the window's keep-alive); 10 kB wait: 80 ms at 1 Mbit/s (32 ms at the 2.5 Mbit/s pacing rate).
        Assert.Equal(TimeSpan.FromMilliseconds(80), pacer.QueueTimeAtTarget);
        Assert.Equal(TimeSpan.FromMilliseconds(32), pacer.ExpectedQueueTime);
    }

    [Fact]
    public void Drain_NoWindowYet_NothingHeld()
    {
        using var pacer = NewPacer(1_000_000, () => 1_000_000);
        for (var i = 0; i < 5; i++)
        {
            pacer.Enqueue([1], 1000, RtpPacketPriority.Video);
        }

        Assert.Equal(5, _sent.Count);
        Assert.False(pacer.Congested);
    }

    [Fact]
    public void OnFeedback_Window_IsTheTargetOverARoundTripFeedbackIntervalAndQueueTime()
    {
        var window = new CongestionWindow { RoundTripTime = TimeSpan.FromMilliseconds(40) };
        for (var i = 0; i < 50; i++)
        {
            window.OnFeedback(i * 100_000L, 1_000_000, 900_000, 0, 0);
        }

        // 1 Mbit/s × (40 + 100 + 100 ms) = 30 kB.
        Assert.InRange(window.Bytes, 29_500, 30_500);
        Assert.Equal(1_000_000, window.EncoderTarget(1_000_000));
    }

    [Fact]
    public void OnFeedback_ReceiverGotMoreThanTheTarget_WindowFollowsWhatItGot()
    {
        // The start: a 300 kbit/s estimate while the link carried 1.2 Mbit/s of a keyframe; the window must not hold
        // the sender below what the link demonstrably takes (a quarter of it would have queued the keyframe for a second).
        var window = new CongestionWindow { RoundTripTime = TimeSpan.FromMilliseconds(40) };
        for (var i = 0; i < 50; i++)
        {
            window.OnFeedback(i * 100_000L, 300_000, 1_200_000, 0, 0);
        }

        Assert.InRange(window.Bytes, 35_500, 36_500);
    }

    [Fact]
    public void OnFeedback_WindowOverfilled_EncoderPushedBackUntilItEmptiesThenBackToTheTarget()
    {
        var window = new CongestionWindow();
        var now = 0L;
        void Feedback(long inFlight, long queued) => window.OnFeedback(now += 100_000, 1_000_000, null, inFlight, queued);

        Feedback(0, 0);
        Feedback(0, 0);
        var bytes = window.Bytes;

        // In flight and queued in the pacer together: twice the window, five feedbacks.
        for (var i = 0; i < 5; i++)
        {
            Feedback(bytes, bytes);
        }

        Assert.InRange(window.EncoderTarget(1_000_000), 585_000, 595_000);

        // Just over it: 5 % a feedback; below it: 5 % back; nearly empty: the whole target at once.
        Feedback(bytes + 1, 0);
        Assert.InRange(window.EncoderTarget(1_000_000), 555_000, 565_000);
        Feedback(bytes / 2, 0);
        Assert.InRange(window.EncoderTarget(1_000_000), 585_000, 595_000);
        Feedback(0, 0);
        Assert.Equal(1_000_000, window.EncoderTarget(1_000_000));
    }

    [Fact]
    public void EncoderTarget_PushedFarBack_NeverBelowThirtyKilobits()
    {
        var window = new CongestionWindow();
        for (var i = 0; i < 100; i++)
        {
            window.OnFeedback(i * 100_000L, 500_000, null, 1_000_000, 0);
        }

        Assert.Equal(CongestionWindow.MinimumPushbackBitrate, window.EncoderTarget(500_000));
        Assert.Equal(20_000, window.EncoderTarget(20_000));
    }

    private void Advance(int milliseconds)
    {
        for (var ms = 0; ms < milliseconds; ms += 5)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }
    }

    private RtpPacer NewPacer(long target, Func<long> inFlight) =>
        new((buffer, _, _) => _sent.Add(buffer[0]), _ => { }, target, _time) { BytesInFlight = inFlight };
}
