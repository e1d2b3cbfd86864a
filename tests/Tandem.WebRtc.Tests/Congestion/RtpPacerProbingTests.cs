using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class RtpPacerProbingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly List<(byte Tag, int Length, int Cluster, long At)> _sent = [];

    [Fact]
    public void Probe_IdlePacer_SendsPaddingAtTheProbeRateForFifteenMilliseconds()
    {
        // 4 Mbit/s for 15 ms = 7 500 B of 250 B padding packets: 30 of them, the first at once, the rest as the rate allows.
        using var pacer = NewPacer(1_000_000);
        pacer.Probe(ProbeCluster.Create(3, 4_000_000));
        Assert.Single(_sent);
        Advance(50);

        Assert.Equal(30, _sent.Count);
        Assert.All(_sent, p => Assert.Equal((0xFF, 3), (p.Tag, p.Cluster)));
        Assert.InRange(TimeSpan.FromTicks(_sent[^1].At - _sent[0].At).TotalMilliseconds, 14, 20);
        Assert.InRange(SendRate(), 3_400_000, 4_400_000);
        Assert.Equal(1, pacer.ProbeClustersSent);
    }

    [Fact]
    public void Probe_FullSizePackets_EachLeavesWhenDueNotOnTheNextTick()
    {
        // 3 Mbit/s in 1 200 B packets is one every 3.2 ms. The estimator measures the rate from the send times, so a
        // packet held to the pacer's next 5 ms tick would read as a slower probe (2.56 Mbit/s for this cluster).
        using var pacer = new RtpPacer(OnSend, _ => { }, 1_000_000, _time) { ProbePadding = MakeFullPadding };
        pacer.Probe(ProbeCluster.Create(4, 3_000_000));
        Advance(50);

        Assert.Equal(1, pacer.ProbeClustersSent);
        for (var i = 1; i < _sent.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i * 1200 * 8 / 3e6);
            var at = TimeSpan.FromTicks(_sent[i].At - _sent[0].At);
            Assert.InRange(at - due, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(SendRate(), 2_850_000, 3_000_000);
    }

    [Fact]
    public void Probe_LastWakeComesLate_SendsWhatWasDueSoTheSpanKeepsTheRate()
    {
        // The timer fires on time for 10 ms, then 8 ms late (a loaded machine): the cluster ends with what the schedule owed
        // by then, so its packets still measure 3 Mbit/s instead of the lateness (as when it ended on the first packet that
        // reached its size).
        using var pacer = NewPacer(1_000_000);
        pacer.Probe(ProbeCluster.Create(4, 3_000_000));
        Advance(10);
        Assert.Equal(0, pacer.ProbeClustersSent);
        _time.Advance(TimeSpan.FromMilliseconds(8));

        Assert.Equal(1, pacer.ProbeClustersSent);
        Assert.InRange(SendRate(), 2_850_000, 3_150_000);
    }

    [Fact]
    public void Probe_FewPacketsAtLowRate_StillSendsTheMinimumPacketCount()
    {
        // 200 kbit/s × 15 ms is 375 B, less than two packets: the cluster still sends five.
        using var pacer = NewPacer(100_000);
        pacer.Probe(ProbeCluster.Create(1, 200_000));
        Advance(200);
        Assert.Equal(ProbeCluster.DefaultMinPackets, _sent.Count);
        Assert.All(_sent, p => Assert.Equal(1, p.Cluster));
    }

    [Fact]
    public void Probe_QueuedVideo_LeavesFirstInTheProbeThenPaddingThenVideoOutsideIt()
    {
        // A 500 kbit/s target: a burst of 40 ms (6.25 kB) leaves at once, so queue more than that.
        using var pacer = NewPacer(500_000);
        for (var i = 0; i < 10; i++)
        {
            pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        }

        var before = _sent.Count;
        Assert.True(pacer.QueuedPackets > 0);
        pacer.Probe(ProbeCluster.Create(5, 8_000_000));
        Advance(100);

        var probe = _sent.Skip(before).Where(p => p.Cluster == 5).ToList();
        Assert.Equal(0, pacer.QueuedPackets);
        Assert.Equal(10 - before, probe.Count(p => p.Tag == 1));
        Assert.Equal(probe.Where(p => p.Tag == 1), probe.Take(10 - before));
        Assert.True(probe.Sum(p => p.Length) >= 15_000);
        Assert.All(_sent.Take(before), p => Assert.Equal(RtpPacer.NoCluster, p.Cluster));
    }

    [Fact]
    public void Probe_TwoClusters_SentOneAfterTheOtherWithTheirOwnIds()
    {
        using var pacer = NewPacer(1_000_000);
        pacer.Probe(ProbeCluster.Create(1, 3_000_000));
        pacer.Probe(ProbeCluster.Create(2, 6_000_000));
        Advance(100);

        Assert.Equal(2, pacer.ProbeClustersSent);
        var firstOfSecond = _sent.FindIndex(p => p.Cluster == 2);
        Assert.True(firstOfSecond > 0);
        Assert.All(_sent.Take(firstOfSecond), p => Assert.Equal(1, p.Cluster));
        Assert.All(_sent.Skip(firstOfSecond), p => Assert.Equal(2, p.Cluster));
        Assert.True(_sent.Where(p => p.Cluster == 2).Sum(p => p.Length) >= 11_250);
    }

    [Fact]
    public void Probe_NoPaddingAndNothingQueued_DropsTheClusterAndStopsTheTimer()
    {
        using var pacer = new RtpPacer(OnSend, _ => { }, 1_000_000, _time);
        pacer.Probe(ProbeCluster.Create(1, 3_000_000));
        Advance(50);
        Assert.Empty(_sent);
        Assert.Equal(0, pacer.ProbeClustersSent);

        // Not stuck in the probe: new video leaves at once, outside any cluster.
        pacer.Enqueue(Packet(1), 1000, RtpPacketPriority.Video);
        Assert.Equal([(1, 1000, RtpPacer.NoCluster)], _sent.Select(p => ((int)p.Tag, p.Length, p.Cluster)));
    }

    private void Advance(int milliseconds)
    {
        for (var ms = 0; ms < milliseconds; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    // The send rate as the probe estimator computes it: all bytes but the last packet's over the span.
    private double SendRate() => (_sent.Sum(p => p.Length) - _sent[^1].Length) * 8 / TimeSpan.FromTicks(_sent[^1].At - _sent[0].At).TotalSeconds;

    private void OnSend(byte[] buffer, int length, int cluster) => _sent.Add((buffer[0], length, cluster, _time.GetTimestamp()));

    private static byte[] Packet(byte tag) => [tag];

    private RtpPacer NewPacer(long target) => new(OnSend, _ => { }, target, _time) { ProbePadding = MakePadding };

    private static bool MakeFullPadding(int size, out byte[] buffer, out int length)
    {
        buffer = [0xFF];
        length = 1200;
        return true;
    }

    private static bool MakePadding(int size, out byte[] buffer, out int length)
    {
        buffer = [0xFF];
        length = 250;
        return true;
    }
}
