using System.Buffers;
using Tandem.Common.H264;

namespace Tandem.Media.H264;

/// <summary>
/// One H.264 access unit (ITU-T H.264 §7.4.1.2.3: the NAL units of one primary coded picture) in
/// Annex-B form, start codes included, held in a pooled buffer. Dispose it to return the buffer;
/// its data must not be used afterwards.
/// </summary>
public sealed class H264AccessUnit : IDisposable
{
    private byte[]? _buffer;

    private H264AccessUnit(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
        foreach (var nal in AnnexB.EnumerateNalUnits(buffer.AsSpan(0, length)))
        {
            switch (H264NalHeader.TypeOf(nal[0]))
            {
                case H264NalUnitType.IdrSlice:
                    IsKeyframe = true;
                    break;
                case H264NalUnitType.Sps:
                    HasSps = true;
                    break;
                case H264NalUnitType.Pps:
                    HasPps = true;
                    break;
            }
        }
    }

    /// <summary>Length in bytes.</summary>
    public int Length { get; }

    /// <summary>The Annex-B bytes of the access unit.</summary>
    public ReadOnlyMemory<byte> Data => Buffer.AsMemory(0, Length);

    /// <summary>The Annex-B bytes of the access unit.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>Whether the access unit holds an IDR picture (decoding can start here).</summary>
    public bool IsKeyframe { get; }

    /// <summary>Whether a sequence parameter set is included.</summary>
    internal bool HasSps { get; }

    /// <summary>Whether a picture parameter set is included.</summary>
    internal bool HasPps { get; }

    /// <summary>The NAL units (header byte first, no start codes).</summary>
    internal AnnexBNalEnumerator NalUnits => new(Span);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(H264AccessUnit));

    /// <summary>Copies an Annex-B buffer into a pooled access unit.</summary>
    internal static H264AccessUnit CopyFrom(ReadOnlySpan<byte> annexB)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(annexB.Length, 1));
        annexB.CopyTo(buffer);
        return new H264AccessUnit(buffer, annexB.Length);
    }

    /// <summary>Parses the access unit's first sequence parameter set.</summary>
    public bool TryGetSps(out H264Sps sps)
    {
        foreach (var nal in NalUnits)
        {
            if (H264NalHeader.TypeOf(nal[0]) == H264NalUnitType.Sps)
            {
                return H264Sps.TryParse(nal, out sps);
            }
        }

        sps = default;
        return false;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
