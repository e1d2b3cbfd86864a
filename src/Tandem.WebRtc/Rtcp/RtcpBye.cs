using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 3550 §6.6: BYE
//        0                   1                   2                   3
//        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//       |V=2|P|    SC   |   PT=BYE=203  |             length            |
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//       |                           SSRC/CSRC                           |
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//       :                              ...                              :
//       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// (opt) |     length    |               reason for leaving            ...
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>A goodbye packet (RFC 3550 §6.6, https://www.rfc-editor.org/rfc/rfc3550#section-6.6), read in place.</summary>
internal readonly ref struct RtcpBye
{
    private readonly ReadOnlySpan<byte> _sources;

    private RtcpBye(ReadOnlySpan<byte> sources, ReadOnlySpan<byte> reason)
    {
        _sources = sources;
        Reason = reason;
    }

    /// <summary>Number of SSRC/CSRCs leaving.</summary>
    public int Count => _sources.Length / 4;

    /// <summary>The optional reason text (UTF-8), empty if absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>SSRC number <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return BinaryPrimitives.ReadUInt32BigEndian(_sources[(4 * index)..]);
    }

    /// <summary>Parses a BYE packet; a reason that overruns the packet is ignored. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpBye bye)
    {
        bye = default;
        if (!RtcpHeader.TryReadBody(packet, RtcpPacketType.Bye, -1, out var header, out var body) || body.Length < 4 * header.Count)
        {
            return false;
        }

        var sources = body[..(4 * header.Count)];
        var rest = body[sources.Length..];
        var reason = rest.Length > 0 && 1 + rest[0] <= rest.Length ? rest.Slice(1, rest[0]) : default;
        bye = new RtcpBye(sources, reason);
        return true;
    }

    /// <summary>Writes a BYE for up to 31 sources with an optional reason of at most 255 bytes.</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        var reasonLength = reason.IsEmpty ? 0 : (1 + reason.Length + 3) & ~3;
        written = RtcpHeader.Length + (4 * ssrcs.Length) + reasonLength;
        if (ssrcs.Length > 31 || reason.Length > 255 || destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, ssrcs.Length, RtcpPacketType.Bye, written);
        var offset = RtcpHeader.Length;
        foreach (var ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += 4;
        }

        if (reasonLength > 0)
        {
            var block = destination.Slice(offset, reasonLength);
            block.Clear();
            block[0] = (byte)reason.Length;
            reason.CopyTo(block[1..]);
        }

        return true;
    }
}
