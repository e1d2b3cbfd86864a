namespace Tandem.WebRtc.Payloads.H264;

/// <summary>
/// One access unit (ITU-T H.264 §7.4.1.2, in Annex-B byte-stream format) reassembled by <see cref="H264Depacketizer"/>; <see cref="AnnexB"/> is only
/// valid during the <see cref="H264FrameHandler"/> call (copy it to keep it).
/// </summary>
public readonly ref struct H264Frame
{
    internal H264Frame(ReadOnlySpan<byte> annexB, uint rtpTimestamp, bool isKeyframe, bool isDamaged)
    {
        AnnexB = annexB;
        RtpTimestamp = rtpTimestamp;
        IsKeyframe = isKeyframe;
        IsDamaged = isDamaged;
    }

    /// <summary>The NAL units of the access unit, each behind a 00 00 00 01 start code.</summary>
    public ReadOnlySpan<byte> AnnexB { get; }

    /// <summary>The RTP timestamp shared by the unit's packets.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>True when the unit holds an IDR slice and an SPS and a PPS: decoding can restart here.</summary>
    public bool IsKeyframe { get; }

    /// <summary>
    /// True when packets of this unit (or of a whole unit just before it) were lost: a sequence
    /// gap, an incomplete FU-A, a missing marker or a malformed payload. The receiver should not
    /// decode on from here and should ask for a keyframe (PLI).
    /// </summary>
    public bool IsDamaged { get; }
}

/// <summary>Receives one reassembled access unit.</summary>
public delegate void H264FrameHandler(H264Frame frame);
