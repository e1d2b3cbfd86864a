using System.Buffers;
using System.Buffers.Binary;

namespace Tandem.WebRtc.Srtp;

// RFC 3711 §3.4: an SRTCP packet (AES-CM); RFC 7714 §9.1 puts the tag before E + index instead:
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
// |V=2|P|    RC   |   PT=SR or RR   |             length          | |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// |                         SSRC of sender                        | |
// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// | ~                          sender info                          ~ |
// | ~           report blocks, further packets of the compound      ~ |
// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// | |E|                         SRTCP index                         | |
// | +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
// | :                     authentication tag                        : |
// | +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// +-- Encrypted Portion                    Authenticated Portion -----+
internal sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTCP (compound) packet <c>buffer[..length]</c> in place; the SRTCP index and
    /// tag are written after it, so <paramref name="buffer"/> needs <see cref="RtcpOverhead"/> spare bytes.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/>; <see cref="OperationStatus.DestinationTooSmall"/>;
    /// <see cref="OperationStatus.InvalidData"/> when the packet is not RTCP.
    /// </returns>
    public OperationStatus ProtectRtcp(Span<byte> buffer, int length, out int bytesWritten)
    {
        bytesWritten = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketLayout.IsRtcpHeader(buffer[..length]))
        {
            return Malformed();
        }

        if (buffer.Length - length < RtcpOverhead)
        {
            return OperationStatus.DestinationTooSmall;
        }

        uint ssrc = SrtpPacketLayout.RtcpSsrc(buffer);
        uint index = GetRtcpStream(ssrc).NextIndex();
        bytesWritten = _rtcpCipher.ProtectRtcp(buffer, length, ssrc, index);
        return OperationStatus.Done;
    }

    /// <summary>
    /// Protects <paramref name="rtcp"/> into <paramref name="destination"/> (which may overlap it),
    /// which needs <see cref="RtcpOverhead"/> more bytes than the packet.
    /// </summary>
    public OperationStatus ProtectRtcp(ReadOnlySpan<byte> rtcp, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < rtcp.Length + RtcpOverhead)
        {
            return OperationStatus.DestinationTooSmall;
        }

        rtcp.CopyTo(destination);
        return ProtectRtcp(destination, rtcp.Length, out bytesWritten);
    }

    /// <summary>Unprotects the SRTCP packet <paramref name="packet"/> in place; the RTCP packet is <c>packet[..bytesWritten]</c>.</summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/>, or <see cref="OperationStatus.InvalidData"/> for a packet that
    /// is malformed, replayed or fails authentication (the buffer's content is then unspecified).
    /// </returns>
    public OperationStatus UnprotectRtcp(Span<byte> packet, out int bytesWritten) => UnprotectRtcp(packet, packet, out bytesWritten);

    /// <summary>
    /// Unprotects <paramref name="srtcp"/> into <paramref name="destination"/>, which is either the same
    /// memory or disjoint and needs room for the packet without its index and tag.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/>; <see cref="OperationStatus.DestinationTooSmall"/>;
    /// <see cref="OperationStatus.InvalidData"/> for a packet that is malformed, replayed or fails authentication.
    /// </returns>
    /// <exception cref="ArgumentException">The buffers partially overlap (a caller bug, never caused by the packet).</exception>
    public OperationStatus UnprotectRtcp(ReadOnlySpan<byte> srtcp, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int length = srtcp.Length - RtcpOverhead;
        if (length < SrtpPacketLayout.RtcpHeaderLength || !SrtpPacketLayout.IsRtcpHeader(srtcp))
        {
            return Malformed();
        }

        if (destination.Length < length)
        {
            return OperationStatus.DestinationTooSmall;
        }

        CheckOverlap(srtcp, destination);
        uint ssrc = SrtpPacketLayout.RtcpSsrc(srtcp);
        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(srtcp[_rtcpCipher.RtcpIndexOffset(srtcp.Length)..]);
        uint index = indexWord & SrtcpStream.IndexMask;
        _rtcpStreams.TryGetValue(ssrc, out SrtcpStream? stream);
        if (stream is not null && !stream.Window.IsAcceptable(index))
        {
            return Replayed();
        }

        if (!_rtcpCipher.UnprotectRtcp(srtcp, destination, length, ssrc, indexWord))
        {
            return AuthenticationFailed();
        }

        (stream ?? GetRtcpStream(ssrc)).Window.Accept(index);
        bytesWritten = length;
        return OperationStatus.Done;
    }

    private SrtcpStream GetRtcpStream(uint ssrc)
    {
        if (!_rtcpStreams.TryGetValue(ssrc, out SrtcpStream? stream))
        {
            stream = new SrtcpStream(_replayWindowSize);
            _rtcpStreams.Add(ssrc, stream);
        }

        return stream;
    }
}
