using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// The State Cookie we put in INIT ACK (RFC 9260 §5.1.3): everything needed to build the association
/// when the COOKIE ECHO returns, so no state is kept before that, authenticated with HMAC-SHA256
/// under a per-association secret key (§5.1.3 "MAC").
/// </summary>
internal readonly record struct SctpCookie(
    uint MyTag,
    uint PeerTag,
    uint MyInitialTsn,
    uint PeerInitialTsn,
    uint PeerRwnd,
    bool PeerForwardTsn,
    bool PeerReConfig,
    uint TieTagLocal,
    uint TieTagPeer,
    long CreatedAt)
{
    private const int BodyLength = 37;
    private const int MacLength = 32;

    public const int Length = BodyLength + MacLength;

    public void Write(Span<byte> destination, ReadOnlySpan<byte> key)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, MyTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MyInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], PeerRwnd);
        destination[20] = (byte)((PeerForwardTsn ? 1 : 0) | (PeerReConfig ? 2 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(destination[21..], TieTagLocal);
        BinaryPrimitives.WriteUInt32BigEndian(destination[25..], TieTagPeer);
        BinaryPrimitives.WriteInt64BigEndian(destination[29..], CreatedAt);
        HMACSHA256.HashData(key, destination[..BodyLength], destination[BodyLength..Length]);
    }

    /// <summary>Reads a cookie; false when its length or MAC is wrong (a forged or foreign cookie).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, ReadOnlySpan<byte> key, out SctpCookie cookie)
    {
        cookie = default;
        if (source.Length != Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, source[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, source[BodyLength..]))
        {
            return false;
        }

        cookie = new SctpCookie(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            (source[20] & 1) != 0,
            (source[20] & 2) != 0,
            BinaryPrimitives.ReadUInt32BigEndian(source[21..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[25..]),
            BinaryPrimitives.ReadInt64BigEndian(source[29..]));
        return true;
    }
}
