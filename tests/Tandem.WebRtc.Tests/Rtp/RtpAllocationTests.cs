using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpAllocationTests
{
    [Fact]
    public void ReceiveBookkeeping_SteadyState_AllocatesNothing()
    {
        var time = new FakeTimeProvider();
        var stats = new RtpReceiveStatistics(1, 90000, time);
        var nacks = new RtpNackGenerator(timeProvider: time);
        using var history = new RtpSendHistory(512, 1500, timeProvider: time);
        var packet = new byte[1200];
        var copy = new byte[1500];
        var rtcp = new byte[1500];
        var lost = new ushort[64];

        Run(0, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var written = Run(100, 2000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(written > 0);
        Assert.Equal(0, allocated);

        int Run(int from, int to)
        {
            var total = 0;
            for (var i = from; i < to; i++)
            {
                var seq = (ushort)(i * 2);
                packet[2] = (byte)(seq >> 8);
                packet[3] = (byte)seq;
                history.Store(packet);
                history.TryCopyForRetransmission((ushort)(seq - 2), copy, out _);
                stats.OnPacket(seq, (uint)i * 3000, 1188);
                nacks.OnPacket(seq);
                time.Advance(TimeSpan.FromMilliseconds(5));
                var count = nacks.GetNacks(lost);
                var writer = new RtcpCompoundWriter(rtcp);
                if (stats.TryCreateReportBlock(out var block))
                {
                    writer.TryAddReceiverReport(2, [block]);
                }

                if (count > 0)
                {
                    writer.TryAddNack(2, 1, lost.AsSpan(0, count));
                }

                total += writer.Length;
            }

            return total;
        }
    }
}
