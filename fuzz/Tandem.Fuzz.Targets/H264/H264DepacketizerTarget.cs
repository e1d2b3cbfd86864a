extern alias TandemMedia;

using Tandem.Common.H264;
using TandemMedia::Tandem.Media.H264;
using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.Rtp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.H264;

/// <summary>
/// H.264 over RTP (RFC 6184, packetization-mode 1: single NAL unit, STAP-A, FU-A) reassembled across
/// packets into Annex-B access units. Input: framed RTP packets in arrival order. Every unit handed out
/// must be well-formed Annex-B whose NAL units came whole out of the packets.
/// </summary>
public sealed class H264DepacketizerTarget : IFuzzTarget
{
    private const int MaxFrameSize = 64 * 1024;

    public string Name => "h264-rtp";

    public void Run(ReadOnlySpan<byte> input)
    {
        using var depacketizer = new H264Depacketizer(CheckFrame, MaxFrameSize);
        foreach (var datagram in new FramedInput(input))
        {
            if (RtpPacket.TryParse(datagram, out var packet))
            {
                depacketizer.Push(packet);
            }
        }
    }

    private static void CheckFrame(H264Frame frame)
    {
        var annexB = frame.AnnexB;
        Check(annexB.Length <= MaxFrameSize, "a unit over the size bound");
        Check(annexB.IsEmpty || annexB.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 1]), "a unit that does not start with a start code");
        Check(frame.IsDamaged || !annexB.IsEmpty, "an empty undamaged unit");
        if (frame.IsKeyframe)
        {
            Check(AnnexB.ContainsIdr(annexB) && AnnexB.Contains(annexB, H264NalUnitType.Sps) && AnnexB.Contains(annexB, H264NalUnitType.Pps),
                "a keyframe without IDR, SPS and PPS");
        }
    }
}
