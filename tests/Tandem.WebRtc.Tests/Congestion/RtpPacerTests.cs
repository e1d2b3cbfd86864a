using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class RtpPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly List<(byte Tag, long At)> _sent = [];
    private int _discarded;

    [Fact]
    public void Enqueue_KeyframeBurst_OneBurstIntervalAtOnceThenTheRestAtThePacingRate()
    {
        // 1 Mbit/s × 2.5 = 2.5 Mbit/s: 40 ms of it (12.5 kB) leaves at once; the other 37.5 kB take 120 ms.
        using var pacer = NewPacer(1_000_000);
        for (var i = 0; i < 50; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        Assert.InRange(_sent.Count, 12, 14);
        for (var ms = 0; ms < 300; ms += 5)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(50, _sent.Count);
        var span = TimeSpan.FromTicks(_sent[^1].At - _sent[0].At);
        Assert.InRange(span.TotalMilliseconds, 105, 135);
        Assert.Equal(0, pacer.QueuedPackets);
    }

    [Fact]
    public void Enqueue_FramesOfTheEncodersRate_EachLeavesWholeAtOnce()
    {
        // The loopback case: a 1.5 Mbit/s target (3.75 Mbit/s of pacing) and 6 kB P-frames every 33 ms. With only
        // 10 ms of budget (4.7 kB) each frame's last packet waited for the next timer tick.
        using var pacer = NewPacer(1_500_000);
        for (var frame = 0; frame < 30; frame++)
        {
            var before = _sent.Count;
            for (var i = 0; i < 5; i++)
            {
                pacer.Enqueue(Packet((byte)frame), 1200, RtpPacketPriority.Video);
            }

            Assert.Equal(before + 5, _sent.Count);
            for (var ms = 0; ms < 33; ms++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }
    }

    [Fact]
    public void Enqueue_AfterLongIdle_BurstStaysOneIntervalAndAtMostMaxBurstBytes()
    {
        // 40 Mbit/s × 2.5 = 100 Mbit/s: 40 ms of it would be 500 kB; the burst stops near 63 kB.
        using var pacer = NewPacer(40_000_000);
        _time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        Assert.InRange(_sent.Count, RtpPacer.MaxBurstBytes / 1000, (RtpPacer.MaxBurstBytes / 1000) + 1);
    }

    [Fact]
    public void Enqueue_RetransmissionWhileVideoWaits_GoesFirst()
    {
        using var pacer = NewPacer(500_000);
        for (var i = 0; i < 20; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        var videoBefore = _sent.Count;
        pacer.Enqueue(Packet(2), 1000, RtpPacketPriority.Retransmission);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromMilliseconds(5));

        var order = _sent.Skip(videoBefore).Select(s => s.Tag).ToList();
        Assert.Equal(2, order[0]);
        Assert.All(order.Skip(1), tag => Assert.Equal(1, tag));
    }

    [Fact]
    public void SetTargetBitrate_Lower_SlowsTheRelease()
    {
        using var pacer = NewPacer(4_000_000);
        pacer.SetTargetBitrate(400_000);
        for (var i = 0; i < 40; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        for (var ms = 0; ms < 100; ms += 5)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        // 1 Mbit/s of pacing for 100 ms: about 12.5 packets of 1000 bytes, plus the first burst (40 ms: 5 packets);
        // at the old 10 Mbit/s all 40 would have left at once.
        Assert.InRange(_sent.Count, 16, 19);
        Assert.Equal(40 - _sent.Count, pacer.QueuedPackets);
    }

    [Fact]
    public void Enqueue_QueueLongerThanMaxQueueTime_RateRisesToDrainItInTime()
    {
        using var pacer = NewPacer(100_000);
        for (var i = 0; i < 200; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        // 1.6 Mbit queued at a 250 kbit/s pacing rate would take 6.4 s; it must drain within about 2 s.
        Assert.InRange(pacer.ExpectedQueueTime.TotalSeconds, 1.9, 2.1);
        for (var ms = 0; ms < 2500; ms += 5)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(0, pacer.QueuedPackets);
    }

    [Fact]
    public void Dispose_WithQueuedPackets_DiscardsThemAndLaterOnesToo()
    {
        var pacer = NewPacer(100_000);
        for (var i = 0; i < 10; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        var sent = _sent.Count;
        pacer.Dispose();
        pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10 - sent + 1, _discarded);
        Assert.Equal(sent, _sent.Count);
    }

    private static byte[] Packet(byte tag) => [tag];

    private RtpPacer NewPacer(long target) =>
        new((buffer, _, _) => _sent.Add((buffer[0], _time.GetTimestamp())), _ => _discarded++, target, _time);
}
