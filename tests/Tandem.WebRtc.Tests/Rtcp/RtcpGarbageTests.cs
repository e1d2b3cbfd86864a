using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public class RtcpGarbageTests
{
    [Fact]
    public void AllParsers_RandomBytes_NeverThrow()
    {
        var random = new Random(4242);
        var buffer = new byte[96];
        var accepted = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
            buffer[1] = (byte)random.Next(200, 208);
            if (length >= 4)
            {
                buffer[2] = 0;
                buffer[3] = (byte)random.Next(0, 24);
            }

            accepted += ParseEverything(buffer.AsSpan(0, length));
        }

        Assert.True(accepted > 0);
    }

    [Fact]
    public void AllParsers_EveryTruncationOfValidCompound_NeverThrow()
    {
        var buffer = new byte[300];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryAddSenderReport(1, new RtcpSenderInfo(2, 3, 4, 5), [new RtcpReportBlock(9, 1, 2, 3, 4, 5, 6)]);
        writer.TryAddCname(1, "abcdef"u8);
        writer.TryAddNack(1, 9, [5, 6, 30]);
        writer.TryAddFullIntraRequest(1, 9, 1);
        writer.TryAddBye([1], "x"u8);
        var full = writer.Written.ToArray();

        var complete = 0;
        for (var length = 0; length <= full.Length; length++)
        {
            var reader = new RtcpCompoundReader(full.AsSpan(0, length));
            while (reader.TryReadNext(out _, out var packet))
            {
                complete += ParseEverything(packet);
            }
        }

        Assert.True(complete >= 5);
    }

    private static int ParseEverything(ReadOnlySpan<byte> data)
    {
        var accepted = 0;
        var reader = new RtcpCompoundReader(data);
        while (reader.TryReadNext(out _, out var packet))
        {
            if (RtcpSenderReport.TryParse(packet, out var sr))
            {
                accepted++;
                for (var b = 0; b < sr.ReportBlocks.Count; b++)
                {
                    _ = sr.ReportBlocks[b];
                }
            }

            if (RtcpReceiverReport.TryParse(packet, out var rr))
            {
                accepted++;
                for (var b = 0; b < rr.ReportBlocks.Count; b++)
                {
                    _ = rr.ReportBlocks[b];
                }
            }

            if (RtcpSourceDescription.TryParse(packet, out var sdes))
            {
                accepted++;
                while (sdes.TryReadNextItem(out _, out _, out _))
                {
                }
            }

            if (RtcpBye.TryParse(packet, out var bye))
            {
                accepted++;
                for (var b = 0; b < bye.Count; b++)
                {
                    _ = bye.GetSsrc(b);
                }
            }

            if (RtcpGenericNack.TryParse(packet, out var nack))
            {
                accepted++;
                foreach (var _ in nack)
                {
                }
            }

            if (RtcpFullIntraRequest.TryParse(packet, out var fir))
            {
                accepted++;
                for (var b = 0; b < fir.Count; b++)
                {
                    _ = fir[b];
                }
            }

            accepted += RtcpPictureLossIndication.TryParse(packet, out _) ? 1 : 0;
            accepted += RtcpRemb.TryParse(packet, out _, out _) ? 1 : 0;
        }

        return accepted;
    }
}
