using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// The two DNS messages an mDNS one-shot query needs (RFC 6762 §5.1, wire format RFC 1035 §4.1):
/// a one-question A/AAAA query with the unicast-response bit, and reading the address out of an answer.
/// </summary>
/// <remarks>
/// RFC 1035 §4.1.1 header:
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                      ID                       |
/// |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
/// |                    QDCOUNT                    |
/// |                    ANCOUNT                    |
/// |                    NSCOUNT                    |
/// |                    ARCOUNT                    |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// </remarks>
internal static class IceMdnsMessage
{
    public const ushort TypeA = 1;
    public const ushort TypeAaaa = 28;
    private const int HeaderSize = 12;

    /// <summary>Writes a query; returns its length, or 0 when the name does not fit or has a bad label.</summary>
    public static int WriteQuery(Span<byte> destination, string hostname, ushort type)
    {
        if (destination.Length < HeaderSize + 6)
        {
            return 0;
        }

        destination[..HeaderSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        var offset = HeaderSize;
        foreach (var label in hostname.TrimEnd('.').Split('.'))
        {
            var length = Encoding.UTF8.GetByteCount(label);
            if (length is 0 or > 63 || offset + 1 + length + 5 > destination.Length)
            {
                return 0;
            }

            destination[offset++] = (byte)length;
            offset += Encoding.UTF8.GetBytes(label, destination[offset..]);
        }

        destination[offset++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);

        // RFC 6762 §5.4: class IN with the top bit set asks for a unicast response.
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], 0x8001);
        return offset + 4;
    }

    /// <summary>Finds an A or AAAA answer for <paramref name="hostname"/>; false on anything else or malformed input.</summary>
    public static bool TryReadAddress(ReadOnlySpan<byte> message, string hostname, out IPAddress? address)
    {
        address = null;
        if (message.Length < HeaderSize || (message[2] & 0x80) == 0)
        {
            return false;
        }

        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = HeaderSize;
        for (var i = 0; i < questions; i++)
        {
            if (!TryReadName(message, ref offset, out _) || (offset += 4) > message.Length)
            {
                return false;
            }
        }

        var wanted = hostname.TrimEnd('.');
        for (var i = 0; i < answers; i++)
        {
            if (!TryReadName(message, ref offset, out var name) || offset + 10 > message.Length)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            if (offset + length > message.Length)
            {
                return false;
            }

            var data = message.Slice(offset, length);
            offset += length;
            if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)
                && ((type == TypeA && length == 4) || (type == TypeAaaa && length == 16)))
            {
                address = new IPAddress(data);
                return true;
            }
        }

        return false;
    }

    /// <summary>RFC 1035 §4.1.4: labels, possibly ending in a compression pointer (loops bounded).</summary>
    private static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        var builder = new StringBuilder();
        var position = offset;
        var jumped = false;
        for (var steps = 0; steps < 128; steps++)
        {
            if (position >= message.Length)
            {
                break;
            }

            var length = message[position];
            if (length == 0)
            {
                if (!jumped)
                {
                    offset = position + 1;
                }

                name = builder.ToString();
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    break;
                }

                if (!jumped)
                {
                    offset = position + 2;
                }

                jumped = true;
                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }

            if (length > 63 || position + 1 + length > message.Length)
            {
                break;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.UTF8.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }

        name = string.Empty;
        return false;
    }
}
