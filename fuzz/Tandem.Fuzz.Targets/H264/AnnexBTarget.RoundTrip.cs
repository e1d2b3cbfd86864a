using Tandem.Common.H264;
using Tandem.WebRtc.Payloads.H264;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.H264;

public sealed partial class AnnexBTarget
{
    private static void RoundTrip(H264Packetizer packetizer, RememberedSets sets, ReadOnlySpan<byte> accessUnit, uint timestamp)
    {
        var expected = ExpectedNalUnits(sets, accessUnit);
        var frames = new List<(byte[] AnnexB, bool Damaged)>();
        using var depacketizer = new H264Depacketizer(frame => frames.Add((frame.AnnexB.ToArray(), frame.IsDamaged)));
        ushort sequence = 0;
        int payloads = packetizer.Packetize(accessUnit, timestamp, depacketizer, (payload, rtpTimestamp, marker, d) =>
        {
            Check(payload.Length <= packetizer.MaxPayloadSize, "a payload over the size limit");
            d.Push(sequence++, rtpTimestamp, marker, payload);
        });
        Check((payloads == 0) == (expected.Count == 0), $"{payloads} payloads for {expected.Count} NAL units");
        if (payloads == 0)
        {
            return;
        }

        Check(frames.Count == 1 && !frames[0].Damaged, $"{frames.Count} units came out for one in (damaged: {frames.Count > 0 && frames[0].Damaged})");
        var actual = NalUnits(frames[0].AnnexB);
        Check(actual.Count == expected.Count, $"{actual.Count} NAL units came out for {expected.Count} sent");
        for (var i = 0; i < actual.Count; i++)
        {
            Check(actual[i].AsSpan().SequenceEqual(expected[i]), $"NAL unit {i} changed in the RTP round trip");
        }
    }

    /// <summary>What the packetizer sends (RFC 6184 §5.2 types only, no AUD or filler; before an IDR the last SPS and PPS first).</summary>
    private static List<byte[]> ExpectedNalUnits(RememberedSets sets, ReadOnlySpan<byte> accessUnit)
    {
        var nals = new List<byte[]>();
        var hasIdr = false;
        foreach (var nal in NalUnits(accessUnit))
        {
            switch (nal[0] & 0x1F)
            {
                case 9 or 12 or 0 or >= 24:
                    continue;
                case 7:
                    sets.Sps = nal;
                    break;
                case 8:
                    sets.Pps = nal;
                    break;
                case 5:
                    hasIdr = true;
                    break;
            }

            nals.Add(nal);
        }

        if (hasIdr)
        {
            nals.RemoveAll(n => (n[0] & 0x1F) is 7 or 8);
            nals.InsertRange(0, new[] { sets.Sps, sets.Pps }.OfType<byte[]>());
        }

        return nals;
    }

    private static List<byte[]> NalUnits(ReadOnlySpan<byte> annexB)
    {
        var list = new List<byte[]>();
        foreach (var nal in AnnexB.EnumerateNalUnits(annexB))
        {
            list.Add(nal.ToArray());
        }

        return list;
    }

    /// <summary>The parameter sets the packetizer remembers across access units.</summary>
    private sealed class RememberedSets
    {
        public byte[]? Sps { get; set; }

        public byte[]? Pps { get; set; }
    }
}
