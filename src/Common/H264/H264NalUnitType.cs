namespace Tandem.Common.H264;

/// <summary>
/// nal_unit_type values (ITU-T H.264 Table 7-1, https://www.itu.int/rec/T-REC-H.264), and the
/// RTP payload-format types that reuse the field (RFC 6184 §5.2 Table 1, https://www.rfc-editor.org/rfc/rfc6184#section-5.2).
/// </summary>
internal enum H264NalUnitType : byte
{
    /// <summary>Unspecified.</summary>
    Unspecified = 0,

    /// <summary>Coded slice of a non-IDR picture.</summary>
    Slice = 1,

    /// <summary>Coded slice data partition A.</summary>
    SliceDataPartitionA = 2,

    /// <summary>Coded slice data partition B.</summary>
    SliceDataPartitionB = 3,

    /// <summary>Coded slice data partition C.</summary>
    SliceDataPartitionC = 4,

    /// <summary>Coded slice of an IDR picture (a keyframe).</summary>
    IdrSlice = 5,

    /// <summary>Supplemental enhancement information.</summary>
    Sei = 6,

    /// <summary>Sequence parameter set.</summary>
    Sps = 7,

    /// <summary>Picture parameter set.</summary>
    Pps = 8,

    /// <summary>Access unit delimiter.</summary>
    AccessUnitDelimiter = 9,

    /// <summary>End of sequence.</summary>
    EndOfSequence = 10,

    /// <summary>End of stream.</summary>
    EndOfStream = 11,

    /// <summary>Filler data.</summary>
    FillerData = 12,

    /// <summary>Sequence parameter set extension.</summary>
    SpsExtension = 13,

    /// <summary>Prefix NAL unit (SVC/MVC).</summary>
    PrefixNal = 14,

    /// <summary>Subset sequence parameter set.</summary>
    SubsetSps = 15,

    /// <summary>Coded slice of an auxiliary coded picture without partitioning.</summary>
    AuxiliarySlice = 19,

    /// <summary>Coded slice extension (SVC/MVC).</summary>
    SliceExtension = 20,

    /// <summary>RFC 6184 §5.7.1: single-time aggregation packet (RTP payload only, never in a byte stream).</summary>
    StapA = 24,

    /// <summary>RFC 6184 §5.8: fragmentation unit without DON (RTP payload only, never in a byte stream).</summary>
    FuA = 28,
}
