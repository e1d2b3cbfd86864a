using System.Buffers.Binary;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// The 13-byte DTLS 1.2 record header (RFC 6347 §4.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     type      |    version (0xFEFD)           |    epoch ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  ... epoch      |         sequence_number (48 bits) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  ... sequence_number                            |    length  ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///  ... length     |  fragment (length bytes) ...
/// +-+-+-+-+-+-+-+-+
/// </code>
/// Several records may share one datagram (RFC 6347 §4.1.1), each wholly inside it.
/// </summary>
/// <param name="ContentType">RFC 5246 §6.2.1 ContentType (20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data).</param>
/// <param name="Version">Record version; 0xFEFD is DTLS 1.2.</param>
/// <param name="Epoch">Cipher-state counter, incremented on every ChangeCipherSpec.</param>
/// <param name="SequenceNumber">Record number within the epoch (48 bits).</param>
/// <param name="Length">Length of the fragment that follows.</param>
internal readonly record struct DtlsRecordHeader(byte ContentType, ushort Version, ushort Epoch, ulong SequenceNumber, ushort Length)
{
    /// <summary>Bytes in the header.</summary>
    public const int Size = 13;

    /// <summary>RFC 6347 §4.1: the DTLS 1.2 version number.</summary>
    public const ushort Dtls12 = 0xFEFD;

    /// <summary>RFC 5246 §6.2.1: application_data.</summary>
    public const byte ApplicationData = 23;

    /// <summary>RFC 5246 §6.2.1: alert.</summary>
    public const byte Alert = 21;

    /// <summary>RFC 5246 §6.2.1: handshake.</summary>
    public const byte Handshake = 22;

    /// <summary>RFC 6347 §4.1: sequence numbers are 48 bits; this is the largest.</summary>
    public const ulong MaxSequenceNumber = (1UL << 48) - 1;

    /// <summary>Bytes of the whole record, header included.</summary>
    public int RecordLength => Size + Length;

    /// <summary>
    /// Reads the header at the start of <paramref name="datagram"/>; false when fewer than 13 bytes
    /// remain or the fragment it announces runs past the end (RFC 6347 §4.1.1: a record never spans datagrams).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out DtlsRecordHeader header)
    {
        if (datagram.Length < Size)
        {
            header = default;
            return false;
        }

        ulong epochAndSequence = BinaryPrimitives.ReadUInt64BigEndian(datagram[3..]);
        header = new DtlsRecordHeader(
            datagram[0],
            BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]),
            (ushort)(epochAndSequence >> 48),
            epochAndSequence & MaxSequenceNumber,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]));
        return datagram.Length >= header.RecordLength;
    }

    /// <summary>Writes the 13 header bytes to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    public void Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        destination[0] = ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt64BigEndian(destination[3..], EpochAndSequence);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
    }

    /// <summary>RFC 6347 §4.1.2.1: the 64-bit epoch ‖ sequence_number used in the AEAD nonce and additional data.</summary>
    public ulong EpochAndSequence => ((ulong)Epoch << 48) | (SequenceNumber & MaxSequenceNumber);
}
