using System.Buffers.Binary;

namespace Tandem.WebRtc.Stun;

/// <summary>
/// The ChannelData message of TURN (RFC 8656 §12.4): application data to or from a peer bound to a
/// channel, with a 4-byte header instead of a 36-byte Send or Data indication.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Channel Number        |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// /                       Application Data                        /
/// /                                                               /
/// |                                                               |
/// |                               +-------------------------------+
/// |                               |
/// +-------------------------------+
/// </code>
/// Over UDP the message ends with the data; over TCP and TLS it is padded to a multiple of 4 bytes
/// (RFC 8656 §12.5), and the length field never counts the padding.
/// </remarks>
internal static class TurnChannelData
{
    /// <summary>Size of the header.</summary>
    public const int HeaderSize = 4;

    /// <summary>Smallest channel number a client may bind (RFC 8656 §12).</summary>
    public const ushort MinChannel = 0x4000;

    /// <summary>Largest channel number a client may bind (RFC 8656 §12).</summary>
    public const ushort MaxChannel = 0x4FFF;

    /// <summary>
    /// True when the first byte says ChannelData: RFC 8656 §12 (and RFC 7983 §7) puts channel numbers
    /// at 0x4000–0x4FFF, so the first byte is 64–79.
    /// </summary>
    public static bool IsChannelData(ReadOnlySpan<byte> data) => data.Length >= HeaderSize && data[0] is >= 0x40 and <= 0x4F;

    /// <summary>
    /// Parses one ChannelData message. Returns false (never throws) when the input is too short for
    /// its header or its length, or the channel number is out of range. Padding and any bytes after
    /// the data are ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out ushort channel, out ReadOnlySpan<byte> payload)
    {
        channel = 0;
        payload = default;
        if (!IsChannelData(data))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (HeaderSize + length > data.Length)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(data);
        payload = data.Slice(HeaderSize, length);
        return true;
    }

    /// <summary>Bytes a message with <paramref name="payloadLength"/> bytes of data takes on the wire, padded for streams.</summary>
    public static int GetSize(int payloadLength, bool padded) => HeaderSize + (padded ? (payloadLength + 3) & ~3 : payloadLength);

    /// <summary>
    /// Writes the header, the data and (when <paramref name="padded"/>, for TCP and TLS) zero padding
    /// into <paramref name="destination"/>; returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too small, the data longer than 65535 bytes, or the channel out of range.</exception>
    public static int Write(Span<byte> destination, ushort channel, ReadOnlySpan<byte> payload, bool padded)
    {
        if (channel is < MinChannel or > MaxChannel)
        {
            throw new ArgumentException("Channel numbers are 0x4000-0x4FFF (RFC 8656 §12).", nameof(channel));
        }

        var size = GetSize(payload.Length, padded);
        if (payload.Length > ushort.MaxValue || destination.Length < size)
        {
            throw new ArgumentException("Destination too small or payload too large for ChannelData.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
        payload.CopyTo(destination[HeaderSize..]);
        destination[(HeaderSize + payload.Length)..size].Clear();
        return size;
    }
}
