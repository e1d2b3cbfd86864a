namespace Tandem.Common.H264;

/*
 ITU-T H.264 §7.3.1 / RFC 6184 §1.3: NAL unit header
  +---------------+
  |0|1|2|3|4|5|6|7|
  +-+-+-+-+-+-+-+-+
  |F|NRI|  Type   |
  +---------------+
*/

/// <summary>The one-byte H.264 NAL unit header (ITU-T H.264 §7.3.1).</summary>
/// <param name="Value">The raw header byte.</param>
internal readonly record struct H264NalHeader(byte Value)
{
    /// <summary>forbidden_zero_bit; 1 marks a NAL unit known to be corrupt.</summary>
    public bool ForbiddenBit => (Value & 0x80) != 0;

    /// <summary>nal_ref_idc (0–3): 0 means the NAL is not used for reference.</summary>
    public int NalRefIdc => (Value >> 5) & 0x03;

    /// <summary>nal_unit_type.</summary>
    public H264NalUnitType Type => TypeOf(Value);

    /// <summary>Whether the NAL carries coded slice data (VCL, types 1–5; ITU-T H.264 §7.4.1).</summary>
    public bool IsVcl => IsVclType(Type);

    /// <summary>The nal_unit_type field (the low five bits) of a NAL unit header byte.</summary>
    public static H264NalUnitType TypeOf(byte header) => (H264NalUnitType)(header & 0x1F);

    /// <summary>Reads the header of a NAL unit; false when the unit is empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> nalUnit, out H264NalHeader header)
    {
        header = nalUnit.IsEmpty ? default : new H264NalHeader(nalUnit[0]);
        return !nalUnit.IsEmpty;
    }

    /// <summary>Whether <paramref name="type"/> is a VCL NAL unit type (1–5).</summary>
    public static bool IsVclType(H264NalUnitType type) => type is >= H264NalUnitType.Slice and <= H264NalUnitType.IdrSlice;
}
