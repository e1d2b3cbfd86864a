using System.Buffers.Binary;
using System.Text;

namespace Tandem.WebRtc.DataChannels;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 §5.1), sent with PPID 50 on the new channel's stream:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Message Type |  Channel Type |            Priority           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Reliability Parameter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Label Length          |       Protocol Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               /
/// |                             Label                             |
/// /                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               /
/// |                            Protocol                           |
/// /                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal sealed record DcepOpenMessage(DcepChannelType ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol)
{
    /// <summary>Message Type of DATA_CHANNEL_OPEN.</summary>
    public const byte MessageType = 0x03;

    /// <summary>Message Type of DATA_CHANNEL_ACK (RFC 8832 §5.2), a one-byte message.</summary>
    public const byte AckMessageType = 0x02;

    private const int FixedLength = 12;

    /// <summary>True when the channel delivers out of order (RFC 8832 §5.1: bit 0x80).</summary>
    public bool Unordered => ((byte)ChannelType & 0x80) != 0;

    public int Length => FixedLength + Encoding.UTF8.GetByteCount(Label) + Encoding.UTF8.GetByteCount(Protocol);

    /// <summary>Parses the message; false on a wrong type, an unknown channel type or inconsistent lengths.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out DcepOpenMessage? message)
    {
        message = null;
        if (data.Length < FixedLength || data[0] != MessageType || !Enum.IsDefined((DcepChannelType)data[1]))
        {
            return false;
        }

        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        if (data.Length != FixedLength + labelLength + protocolLength)
        {
            return false;
        }

        message = new DcepOpenMessage(
            (DcepChannelType)data[1],
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            Encoding.UTF8.GetString(data.Slice(FixedLength, labelLength)),
            Encoding.UTF8.GetString(data.Slice(FixedLength + labelLength, protocolLength)));
        return true;
    }

    /// <summary>Writes the message; returns its length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        destination[0] = MessageType;
        destination[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Priority);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ReliabilityParameter);
        var label = Encoding.UTF8.GetBytes(Label, destination[FixedLength..]);
        var protocol = Encoding.UTF8.GetBytes(Protocol, destination[(FixedLength + label)..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)label);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)protocol);
        return FixedLength + label + protocol;
    }
}
