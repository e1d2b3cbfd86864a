using System.Buffers;

namespace Tandem.WebRtc.Srtp;

// RFC 3711 §3.1: an SRTP packet is the RTP header, the encrypted payload and the tag (no MKI):
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         | |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// |                           timestamp                           | |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// |           synchronization source (SSRC) identifier            | |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+ |
// |            contributing source (CSRC) identifiers             | |
// |                               ....                            | |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// |                   RTP extension (OPTIONAL)                    | |
// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |
// | |                          payload  ...                         | |
// | |                               +-------------------------------+ |
// | |                               | RTP padding   | RTP pad count | |
// +>+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+<+
// | :                 authentication tag (10 or 16 bytes)           : |
// | +- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -+ |
// +- Encrypted Portion                       Authenticated Portion ---+
internal sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTP packet <c>buffer[..length]</c> in place; the tag is written after it,
    /// so <paramref name="buffer"/> needs <see cref="RtpOverhead"/> spare bytes.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/>; <see cref="OperationStatus.DestinationTooSmall"/> when the
    /// buffer has no room for the tag; <see cref="OperationStatus.InvalidData"/> when the packet is not RTP.
    /// </returns>
    public OperationStatus ProtectRtp(Span<byte> buffer, int length, out int bytesWritten)
    {
        bytesWritten = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketLayout.TryGetRtpHeaderLength(buffer[..length], out int headerLength))
        {
            return Malformed();
        }

        if (buffer.Length - length < _rtpCipher.TagLength)
        {
            return OperationStatus.DestinationTooSmall;
        }

        uint ssrc = SrtpPacketLayout.RtpSsrc(buffer);
        SrtpRtpStream stream = GetRtpStream(ssrc);
        long index = stream.EstimateIndex(SrtpPacketLayout.RtpSequenceNumber(buffer));
        if (index < 0)
        {
            return Malformed();
        }

        // A repeated index (a retransmission) is protected again: with the same payload the
        // output is identical, so no keystream is reused on different data.
        _rtpCipher.ProtectRtp(buffer, headerLength, length, ssrc, (ulong)index);
        stream.Advance((ulong)index);
        bytesWritten = length + _rtpCipher.TagLength;
        return OperationStatus.Done;
    }

    /// <summary>
    /// Protects <paramref name="rtp"/> into <paramref name="destination"/> (which may overlap it),
    /// which needs <see cref="RtpOverhead"/> more bytes than the packet.
    /// </summary>
    public OperationStatus ProtectRtp(ReadOnlySpan<byte> rtp, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < rtp.Length + _rtpCipher.TagLength)
        {
            return OperationStatus.DestinationTooSmall;
        }

        rtp.CopyTo(destination);
        return ProtectRtp(destination, rtp.Length, out bytesWritten);
    }

    /// <summary>Unprotects the SRTP packet <paramref name="packet"/> in place; the RTP packet is <c>packet[..bytesWritten]</c>.</summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/>, or <see cref="OperationStatus.InvalidData"/> for a packet that
    /// is malformed, replayed or fails authentication (the buffer's content is then unspecified).
    /// </returns>
    public OperationStatus UnprotectRtp(Span<byte> packet, out int bytesWritten) => UnprotectRtp(packet, packet, out bytesWritten);

    /// <summary>
    /// Unprotects <paramref name="srtp"/> into <paramref name="destination"/>, which is either the same
    /// memory or disjoint and needs room for the packet without its tag.
    /// </summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/>; <see cref="OperationStatus.DestinationTooSmall"/>;
    /// <see cref="OperationStatus.InvalidData"/> for a packet that is malformed, replayed or fails authentication.
    /// </returns>
    /// <exception cref="ArgumentException">The buffers partially overlap (a caller bug, never caused by the packet).</exception>
    public OperationStatus UnprotectRtp(ReadOnlySpan<byte> srtp, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int length = srtp.Length - _rtpCipher.TagLength;
        if (length < SrtpPacketLayout.RtpFixedHeaderLength || !SrtpPacketLayout.TryGetRtpHeaderLength(srtp[..length], out int headerLength))
        {
            return Malformed();
        }

        if (destination.Length < length)
        {
            return OperationStatus.DestinationTooSmall;
        }

        CheckOverlap(srtp, destination);
        uint ssrc = SrtpPacketLayout.RtpSsrc(srtp);
        ushort sequence = SrtpPacketLayout.RtpSequenceNumber(srtp);
        _rtpStreams.TryGetValue(ssrc, out SrtpRtpStream? stream);
        long index = stream?.EstimateIndex(sequence) ?? sequence;

        // RFC 3711 §3.3: the replay check comes first, so replays cost no cryptography.
        if (index < 0 || (stream is not null && !stream.Window.IsAcceptable((ulong)index)))
        {
            return Replayed();
        }

        if (!_rtpCipher.UnprotectRtp(srtp, destination, headerLength, length, ssrc, (ulong)index))
        {
            return AuthenticationFailed();
        }

        // State is only kept for authenticated streams, so forged SSRCs cannot grow it.
        (stream ?? GetRtpStream(ssrc)).Accept((ulong)index);
        bytesWritten = length;
        return OperationStatus.Done;
    }

    private SrtpRtpStream GetRtpStream(uint ssrc)
    {
        if (!_rtpStreams.TryGetValue(ssrc, out SrtpRtpStream? stream))
        {
            stream = new SrtpRtpStream(_replayWindowSize);
            _rtpStreams.Add(ssrc, stream);
        }

        return stream;
    }
}
