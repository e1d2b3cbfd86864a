using System.Buffers.Binary;
using System.Text;

namespace Tandem.Signaling.Cluster;

/// <summary>What a frame between two nodes carries.</summary>
public enum ClusterFrameKind : byte
{
    /// <summary>Edge → home: a connection of the edge joins a room homed there (<see cref="ClusterFrame.Text"/> = device id as written; the join was authorized by the edge).</summary>
    Attach = 1,

    /// <summary>Edge → home: a message the connection sent, as received.</summary>
    Message = 2,

    /// <summary>Edge → home: the connection closed (<see cref="ClusterFrame.Text"/> = why).</summary>
    Detach = 3,

    /// <summary>Home → edge: a message for the connection.</summary>
    Deliver = 4,

    /// <summary>Home → edge: close the connection with <see cref="ClusterFrame.Code"/> and reason <see cref="ClusterFrame.Text"/>.</summary>
    Close = 5,

    /// <summary>Home → edge: this node is not the room's home after all; route the join (<see cref="ClusterFrame.Text"/> = device id) again.</summary>
    Release = 6,
}

/// <summary>
/// One frame between nodes, our own format (no spec): kind (1 byte), code (2 bytes, big-endian),
/// then three length-prefixed UTF-8 strings (1-byte length each: edge node, connection id, text),
/// then the payload to the end. Parsed without throwing: a frame that does not fit is refused.
/// </summary>
public readonly ref struct ClusterFrame
{
    private const int FixedHeader = 3;

    /// <summary>The frame's kind.</summary>
    public ClusterFrameKind Kind { get; init; }

    /// <summary>A close code for <see cref="ClusterFrameKind.Close"/>, else 0.</summary>
    public ushort Code { get; init; }

    /// <summary>The edge node of the connection (the sender for edge → home frames).</summary>
    public string Edge { get; init; }

    /// <summary>The connection id on the edge.</summary>
    public string Connection { get; init; }

    /// <summary>A device id, a reason, or an address, by kind.</summary>
    public string Text { get; init; }

    /// <summary>The message bytes, for Message and Deliver.</summary>
    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>Writes a frame into a new array (the store may hold it until sent).</summary>
    public static byte[] Write(ClusterFrameKind kind, ushort code, string edge, string connection, string text, ReadOnlySpan<byte> payload)
    {
        var length = FixedHeader + 3 + Bytes(edge) + Bytes(connection) + Bytes(text) + payload.Length;
        var frame = new byte[length];
        frame[0] = (byte)kind;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), code);
        var at = FixedHeader;
        at = WriteString(frame, at, edge);
        at = WriteString(frame, at, connection);
        at = WriteString(frame, at, text);
        payload.CopyTo(frame.AsSpan(at));
        return frame;
    }

    /// <summary>Reads a frame; false when <paramref name="bytes"/> is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out ClusterFrame frame)
    {
        frame = default;
        if (bytes.Length < FixedHeader || bytes[0] is < (byte)ClusterFrameKind.Attach or > (byte)ClusterFrameKind.Release)
        {
            return false;
        }

        var rest = bytes[FixedHeader..];
        if (!TryReadString(ref rest, out var edge) || !TryReadString(ref rest, out var connection) || !TryReadString(ref rest, out var text))
        {
            return false;
        }

        frame = new ClusterFrame
        {
            Kind = (ClusterFrameKind)bytes[0],
            Code = BinaryPrimitives.ReadUInt16BigEndian(bytes[1..]),
            Edge = edge,
            Connection = connection,
            Text = text,
            Payload = rest,
        };
        return true;
    }

    private static int Bytes(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        if (count > byte.MaxValue)
        {
            throw new ArgumentException($"'{value[..16]}...' is longer than {byte.MaxValue} bytes", nameof(value));
        }

        return count;
    }

    private static int WriteString(byte[] frame, int at, string value)
    {
        var count = Encoding.UTF8.GetBytes(value, frame.AsSpan(at + 1));
        frame[at] = (byte)count;
        return at + 1 + count;
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> rest, out string value)
    {
        value = "";
        if (rest.IsEmpty || rest.Length < 1 + rest[0])
        {
            return false;
        }

        value = Encoding.UTF8.GetString(rest.Slice(1, rest[0]));
        rest = rest[(1 + rest[0])..];
        return true;
    }
}
