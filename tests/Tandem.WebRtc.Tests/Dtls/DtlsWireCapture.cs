using System.Buffers.Binary;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>
/// Collects the unencrypted handshake messages seen on the wire, for asserting what we offer.
/// RFC 6347 §4.1 record header (13 bytes) then §4.2.2 handshake header (12 bytes); only whole,
/// unfragmented messages of epoch 0 are kept.
/// </summary>
internal sealed class DtlsWireCapture
{
    private readonly List<(byte Type, byte[] Body)> _messages = [];

    public Func<ReadOnlyMemory<byte>, bool> Filter => datagram =>
    {
        Capture(datagram.Span);
        return false;
    };

    public byte[]? Find(byte handshakeType)
    {
        lock (_messages)
        {
            return _messages.FirstOrDefault(m => m.Type == handshakeType).Body;
        }
    }

    /// <summary>Extensions of a hello body starting at <paramref name="offset"/>: type -> data.</summary>
    public static Dictionary<int, byte[]> ReadExtensions(byte[] body, int offset)
    {
        var extensions = new Dictionary<int, byte[]>();
        int end = offset + 2 + BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(offset));
        for (int i = offset + 2; i + 4 <= end;)
        {
            int type = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(i));
            int length = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(i + 2));
            extensions[type] = body.AsSpan(i + 4, length).ToArray();
            i += 4 + length;
        }

        return extensions;
    }

    public static ushort[] ReadUInt16List(ReadOnlySpan<byte> data, int lengthBytes)
    {
        int length = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16BigEndian(data) : data[0];
        var values = new ushort[length / 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(lengthBytes + (2 * i))..]);
        }

        return values;
    }

    private void Capture(ReadOnlySpan<byte> datagram)
    {
        while (datagram.Length >= 13)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (datagram.Length < 13 + length)
            {
                return;
            }

            ReadOnlySpan<byte> fragment = datagram.Slice(13, length);
            bool epochZero = datagram[3] == 0 && datagram[4] == 0;
            if (datagram[0] == 22 && epochZero && fragment.Length >= 12)
            {
                int messageLength = (fragment[1] << 16) | (fragment[2] << 8) | fragment[3];
                int fragmentOffset = (fragment[6] << 16) | (fragment[7] << 8) | fragment[8];
                if (fragmentOffset == 0 && fragment.Length >= 12 + messageLength)
                {
                    lock (_messages)
                    {
                        _messages.Add((fragment[0], fragment.Slice(12, messageLength).ToArray()));
                    }
                }
            }

            datagram = datagram[(13 + length)..];
        }
    }
}
