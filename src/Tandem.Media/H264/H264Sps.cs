using System.Globalization;

namespace Tandem.Media.H264;

/// <summary>
/// The fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) that a sender needs:
/// profile/level for SDP, picture size, and frame rate when the VUI carries timing.
/// </summary>
public readonly partial record struct H264Sps
{
    /// <summary>profile_idc (66 baseline, 77 main, 100 high, ...).</summary>
    internal byte ProfileIdc { get; init; }

    /// <summary>The byte holding constraint_set0_flag (MSB) … constraint_set5_flag and two reserved zero bits.</summary>
    internal byte ConstraintFlags { get; init; }

    /// <summary>level_idc: ten times the level number (31 = level 3.1); 11 with constraint_set3 means level 1b.</summary>
    internal byte LevelIdc { get; init; }

    /// <summary>seq_parameter_set_id (0–31).</summary>
    internal int Id { get; init; }

    /// <summary>chroma_format_idc (0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4).</summary>
    internal int ChromaFormatIdc { get; init; }

    /// <summary>Luma bit depth.</summary>
    internal int BitDepthLuma { get; init; }

    /// <summary>pic_order_cnt_type (0–2).</summary>
    internal int PicOrderCountType { get; init; }

    /// <summary>max_num_ref_frames.</summary>
    internal int MaxReferenceFrames { get; init; }

    /// <summary>frame_mbs_only_flag: false when the stream may contain fields (interlaced).</summary>
    internal bool FrameMbsOnly { get; init; }

    /// <summary>Displayed width in pixels (coded width minus cropping).</summary>
    public int Width { get; init; }

    /// <summary>Displayed height in pixels (coded height minus cropping).</summary>
    public int Height { get; init; }

    /// <summary>Frames per second from VUI timing (time_scale ÷ (2 × num_units_in_tick)), or null when absent.</summary>
    public double? FrameRate { get; init; }

    /// <summary>
    /// The 24-bit profile-level-id of RFC 6184 §8.1: profile_idc, the constraint byte ("profile-iop"), level_idc.
    /// </summary>
    internal int ProfileLevelIdValue => (ProfileIdc << 16) | (ConstraintFlags << 8) | LevelIdc;

    /// <summary>The SDP <c>profile-level-id</c> parameter as six lowercase hex digits, e.g. <c>42e01f</c>.</summary>
    public string ProfileLevelId => ProfileLevelIdValue.ToString("x6", CultureInfo.InvariantCulture);
}
