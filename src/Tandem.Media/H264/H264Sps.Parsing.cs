using System.Buffers;
using Tandem.Common.H264;

namespace Tandem.Media.H264;

public readonly partial record struct H264Sps
{
    private const int MaxStackRbsp = 512;

    /// <summary>
    /// Parses an SPS NAL unit (header byte first, emulation prevention bytes still present).
    /// Returns false for anything that is not a well-formed SPS; never throws on bad input.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> nalUnit, out H264Sps sps)
    {
        sps = default;
        if (nalUnit.Length < 4 || H264NalHeader.TypeOf(nalUnit[0]) != H264NalUnitType.Sps)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = nalUnit[1..];
        byte[]? rented = payload.Length > MaxStackRbsp ? ArrayPool<byte>.Shared.Rent(payload.Length) : null;
        try
        {
            Span<byte> rbsp = rented ?? stackalloc byte[MaxStackRbsp];
            int length = H264Rbsp.RemoveEmulationPrevention(payload, rbsp);
            var reader = new H264BitReader(rbsp[..length]);
            return TryParseRbsp(ref reader, out sps);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // ITU-T H.264 §7.3.2.1.1: seq_parameter_set_data().
    private static bool TryParseRbsp(ref H264BitReader r, out H264Sps sps)
    {
        sps = default;
        byte profile = (byte)r.ReadBits(8);
        byte constraints = (byte)r.ReadBits(8);
        byte level = (byte)r.ReadBits(8);
        uint id = r.ReadUe();
        uint chromaFormat = 1;
        uint bitDepthLuma = 0;
        bool separateColourPlane = false;
        if (HasChromaInfo(profile))
        {
            chromaFormat = r.ReadUe();
            if (chromaFormat == 3)
            {
                separateColourPlane = r.ReadFlag();
            }

            bitDepthLuma = r.ReadUe();
            r.ReadUe();
            r.ReadBit();
            if (r.ReadFlag())
            {
                SkipScalingMatrix(ref r, chromaFormat == 3 ? 12 : 8);
            }
        }

        uint log2MaxFrameNum = r.ReadUe();
        uint pocType = r.ReadUe();
        if (pocType == 0)
        {
            r.ReadUe();
        }
        else if (pocType == 1)
        {
            r.ReadBit();
            r.ReadSe();
            r.ReadSe();
            uint cycle = r.ReadUe();
            if (cycle > 255)
            {
                return false;
            }

            for (uint i = 0; i < cycle; i++)
            {
                r.ReadSe();
            }
        }

        uint maxRefFrames = r.ReadUe();
        r.ReadBit();
        uint widthMbs = r.ReadUe() + 1;
        uint heightMapUnits = r.ReadUe() + 1;
        bool frameMbsOnly = r.ReadFlag();
        if (!frameMbsOnly)
        {
            r.ReadBit();
        }

        r.ReadBit();
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadFlag())
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }

        double? frameRate = r.ReadFlag() ? ReadVuiFrameRate(ref r) : null;
        if (r.HasError || id > 31 || chromaFormat > 3 || bitDepthLuma > 6 || log2MaxFrameNum > 12 || pocType > 2
            || widthMbs > 2048 || heightMapUnits > 2048)
        {
            return false;
        }

        // §7.4.2.1.1, equations 7-19 to 7-22: crop units depend on chroma subsampling and field coding.
        int chromaArrayType = separateColourPlane ? 0 : (int)chromaFormat;
        int fieldFactor = frameMbsOnly ? 1 : 2;
        int cropUnitX = chromaArrayType is 1 or 2 ? 2 : 1;
        int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * fieldFactor;
        long width = (widthMbs * 16) - (cropUnitX * ((long)cropLeft + cropRight));
        long height = (fieldFactor * heightMapUnits * 16) - (cropUnitY * ((long)cropTop + cropBottom));
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        sps = new H264Sps
        {
            ProfileIdc = profile,
            ConstraintFlags = constraints,
            LevelIdc = level,
            Id = (int)id,
            ChromaFormatIdc = (int)chromaFormat,
            BitDepthLuma = (int)bitDepthLuma + 8,
            PicOrderCountType = (int)pocType,
            MaxReferenceFrames = (int)maxRefFrames,
            FrameMbsOnly = frameMbsOnly,
            Width = (int)width,
            Height = (int)height,
            FrameRate = frameRate,
        };
        return true;
    }

    // §7.3.2.1.1: these profiles carry chroma_format_idc, bit depths and scaling matrices.
    private static bool HasChromaInfo(byte profile) =>
        profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    // §7.3.2.1.1.1: scaling_list(); lists 0–5 are 4×4 (16 entries), the rest 8×8 (64 entries).
    private static void SkipScalingMatrix(ref H264BitReader r, int lists)
    {
        for (int i = 0; i < lists && !r.HasError; i++)
        {
            if (!r.ReadFlag())
            {
                continue;
            }

            int size = i < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (int j = 0; j < size && next != 0 && !r.HasError; j++)
            {
                next = (last + r.ReadSe() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }
    }

    // Annex E.1.1: vui_parameters() up to timing_info.
    private static double? ReadVuiFrameRate(ref H264BitReader r)
    {
        if (r.ReadFlag() && r.ReadBits(8) == 255)
        {
            r.Skip(32);
        }

        if (r.ReadFlag())
        {
            r.ReadBit();
        }

        if (r.ReadFlag())
        {
            r.Skip(4);
            if (r.ReadFlag())
            {
                r.Skip(24);
            }
        }

        if (r.ReadFlag())
        {
            r.ReadUe();
            r.ReadUe();
        }

        if (!r.ReadFlag())
        {
            return null;
        }

        uint unitsInTick = r.ReadBits(32);
        uint timeScale = r.ReadBits(32);
        return unitsInTick == 0 || r.HasError ? null : timeScale / (2.0 * unitsInTick);
    }
}
