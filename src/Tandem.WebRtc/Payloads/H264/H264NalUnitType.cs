namespace Tandem.WebRtc.Payloads.H264;

/// <summary>
/// NAL unit types used by the payload format (ITU-T H.264 Table 7-1; RFC 6184 §5.2 Table 1 for 24–29, https://www.rfc-editor.org/rfc/rfc6184#section-5.2).
/// </summary>
internal static class H264NalUnitType
{
    /// <summary>Coded slice of a non-IDR picture.</summary>
    public const int NonIdrSlice = 1;

    /// <summary>Coded slice of an IDR picture (a keyframe).</summary>
    public const int IdrSlice = 5;

    /// <summary>Supplemental enhancement information.</summary>
    public const int Sei = 6;

    /// <summary>Sequence parameter set.</summary>
    public const int Sps = 7;

    /// <summary>Picture parameter set.</summary>
    public const int Pps = 8;

    /// <summary>Access unit delimiter (dropped by the packetizer).</summary>
    public const int AccessUnitDelimiter = 9;

    /// <summary>Filler data (dropped by the packetizer).</summary>
    public const int FillerData = 12;

    /// <summary>RFC 6184 §5.7.1: single-time aggregation packet.</summary>
    public const int StapA = 24;

    /// <summary>RFC 6184 §5.8: fragmentation unit without DON.</summary>
    public const int FuA = 28;

    /// <summary>The type field of a NAL unit header byte.</summary>
    public static int Of(byte nalHeader) => nalHeader & 0x1F;
}
