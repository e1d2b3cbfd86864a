using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpReceiveStatisticsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Jitter_HandComputedExample_MatchesRfc3550Formula()
    {
        // 8 kHz clock, one packet per 20 ms (160 ticks) sent; arrivals 20, 30, 10, 20 ms apart.
        // Transit differences |D| = 0, 80, 80, 0 ticks; J += (|D| - J) / 16:
        // 0 -> 0 -> 5 -> 5 + 75/16 = 9.6875 -> 9.6875 - 9.6875/16 = 9.08203125.
        var stats = new RtpReceiveStatistics(1, 8000, _time);
        int[] gapsMs = [0, 20, 30, 10, 20];
        for (var i = 0; i < gapsMs.Length; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(gapsMs[i]));
            stats.OnPacket((ushort)(100 + i), (uint)(5000 + (160 * i)));
        }

        Assert.Equal(9.08203125, stats.Jitter, 9);
        Assert.Equal(9.08203125 / 8000, stats.JitterSeconds, 12);
        Assert.True(stats.TryCreateReportBlock(out var block));
        Assert.Equal(9u, block.Jitter);
    }

    [Fact]
    public void Jitter_RtpTimestampWraps_StaysZeroForSteadyStream()
    {
        var stats = new RtpReceiveStatistics(1, 90000, _time);
        var ts = uint.MaxValue - 6000;
        for (var i = 0; i < 10; i++)
        {
            stats.OnPacket((ushort)i, ts);
            ts += 3000;
            _time.Advance(TimeSpan.FromMilliseconds(100.0 / 3));
        }

        Assert.InRange(stats.Jitter, 0, 1);
    }

    [Fact]
    public void ReportBlock_TwoLostOfTen_FractionAndCumulative()
    {
        var stats = new RtpReceiveStatistics(0xABCD, 90000, _time);
        for (ushort seq = 1; seq <= 10; seq++)
        {
            if (seq is not (4 or 5))
            {
                stats.OnPacket(seq, seq * 3000u, 100);
            }
        }

        Assert.True(stats.TryCreateReportBlock(out var first));
        Assert.Equal(0xABCDu, first.Ssrc);
        Assert.Equal((2 << 8) / 10, first.FractionLost);
        Assert.Equal(2, first.CumulativeLost);
        Assert.Equal(10u, first.ExtendedHighestSequenceNumber);
        Assert.Equal(800, stats.BytesReceived);

        for (ushort seq = 11; seq <= 20; seq++)
        {
            stats.OnPacket(seq, seq * 3000u);
        }

        Assert.True(stats.TryCreateReportBlock(out var second));
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(2, second.CumulativeLost);
    }

    [Fact]
    public void ReportBlock_SequenceWraps_CountsCycle()
    {
        var stats = new RtpReceiveStatistics(1, 90000, _time);
        foreach (var seq in new ushort[] { 65534, 65535, 0, 1 })
        {
            stats.OnPacket(seq, 0);
        }

        Assert.True(stats.TryCreateReportBlock(out var block));
        Assert.Equal(65536u + 1, block.ExtendedHighestSequenceNumber);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void ReportBlock_Duplicates_CumulativeLostNegative()
    {
        var stats = new RtpReceiveStatistics(1, 90000, _time);
        stats.OnPacket(10, 0);
        stats.OnPacket(11, 0);
        stats.OnPacket(11, 0);

        Assert.Equal(-1, stats.CumulativeLost);
        Assert.Equal(3, stats.PacketsReceived);
    }

    [Fact]
    public void OnPacket_BigJumpConfirmedByNextPacket_RestartsSequence()
    {
        var stats = new RtpReceiveStatistics(1, 90000, _time);
        stats.OnPacket(100, 0);
        stats.OnPacket(101, 0);
        stats.OnPacket(40000, 0);
        Assert.Equal(101u, stats.ExtendedHighestSequenceNumber);

        stats.OnPacket(40001, 0x7000_0000);

        Assert.Equal(40001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CumulativeLost);
        Assert.Equal(0, stats.Jitter);
    }

    [Fact]
    public void ReportBlock_AfterSenderReport_EchoesLsrAndDelay()
    {
        var stats = new RtpReceiveStatistics(1, 90000, _time);
        stats.OnPacket(1, 0);
        const ulong ntp = 0x0001_2345_6789_ABCDUL;
        stats.OnSenderReport(ntp);
        _time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.True(stats.TryCreateReportBlock(out var block));
        Assert.Equal(0x2345_6789u, block.LastSenderReport);
        Assert.Equal(98304u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void TryCreateReportBlock_NoPacketYet_ReturnsFalse()
    {
        Assert.False(new RtpReceiveStatistics(1, 48000, _time).TryCreateReportBlock(out _));
    }

    [Fact]
    public void RoundTripTime_SenderReportEchoedInReceiverReport_MeasuresNetworkDelay()
    {
        // Sender sends SR at T; receiver holds it 250 ms and replies; 40 ms each way.
        var sendTime = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var ntp = NtpTime.FromDateTime(sendTime);
        var receiver = new RtpReceiveStatistics(7, 90000, _time);
        receiver.OnPacket(1, 0);
        receiver.OnSenderReport(ntp);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(receiver.TryCreateReportBlock(out var block));

        var arrival = NtpTime.ToCompact(NtpTime.FromDateTime(sendTime.AddMilliseconds(40 + 250 + 40)));
        Assert.True(block.TryGetRoundTripTime(arrival, out var rtt));

        Assert.InRange(rtt.TotalMilliseconds, 79.9, 80.1);
    }
}
