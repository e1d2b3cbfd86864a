using Tandem.Media.Clock;

namespace Tandem.Media.X264;

/// <summary>
/// One encoded picture: an H.264 access unit in Annex-B form (ITU-T H.264 Annex B: start codes, SPS and
/// PPS before every IDR) with the capture instant of the picture it codes. The bytes belong to the
/// encoder and are valid until its next <see cref="X264Encoder.Encode"/> or <see cref="X264Encoder.Dispose"/>:
/// send or copy them before that.
/// </summary>
public readonly ref struct H264EncodedFrame
{
    internal H264EncodedFrame(ReadOnlySpan<byte> annexB, bool isKeyframe, MediaInstant captureTime, long frameNumber)
    {
        AnnexB = annexB;
        IsKeyframe = isKeyframe;
        CaptureTime = captureTime;
        FrameNumber = frameNumber;
    }

    /// <summary>The access unit, start codes included.</summary>
    public ReadOnlySpan<byte> AnnexB { get; }

    /// <summary>Whether it is an IDR picture (preceded by SPS and PPS): decoding can start here.</summary>
    public bool IsKeyframe { get; }

    /// <summary>The capture instant given with the picture.</summary>
    public MediaInstant CaptureTime { get; }

    /// <summary>The picture's number in the encoder's output, from 0, without gaps.</summary>
    public long FrameNumber { get; }
}
