using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// The fixed part shared by INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3), followed by
/// optional/variable-length parameters.
/// </summary>
internal static class SctpInitFields
{
    public const int FixedLength = 20;

    public static bool TryParse(
        ReadOnlySpan<byte> chunk,
        SctpChunkType type,
        out uint initiateTag,
        out uint aRwnd,
        out ushort outboundStreams,
        out ushort inboundStreams,
        out uint initialTsn,
        out ReadOnlySpan<byte> parameters)
    {
        initiateTag = aRwnd = initialTsn = 0;
        outboundStreams = inboundStreams = 0;
        parameters = default;
        if (!SctpChunk.IsValid(chunk, type, FixedLength))
        {
            return false;
        }

        initiateTag = BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]);
        aRwnd = BinaryPrimitives.ReadUInt32BigEndian(chunk[8..]);
        outboundStreams = BinaryPrimitives.ReadUInt16BigEndian(chunk[12..]);
        inboundStreams = BinaryPrimitives.ReadUInt16BigEndian(chunk[14..]);
        initialTsn = BinaryPrimitives.ReadUInt32BigEndian(chunk[16..]);
        parameters = chunk[FixedLength..];

        // RFC 9260 §3.3.2: a zero Initiate Tag or zero stream counts make the INIT invalid.
        return initiateTag != 0 && outboundStreams != 0 && inboundStreams != 0
            && !new SctpParameterEnumerator(parameters).IsMalformedList();
    }

    public static int Write(
        Span<byte> destination,
        SctpChunkType type,
        uint initiateTag,
        uint aRwnd,
        ushort outboundStreams,
        ushort inboundStreams,
        uint initialTsn,
        ReadOnlySpan<byte> parameters)
    {
        var length = FixedLength + parameters.Length;
        SctpChunk.WriteHeader(destination, type, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], initiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], aRwnd);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], outboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], inboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], initialTsn);
        parameters.CopyTo(destination[FixedLength..]);
        return length;
    }

    private static bool IsMalformedList(this SctpParameterEnumerator enumerator)
    {
        while (enumerator.MoveNext())
        {
        }

        return enumerator.IsMalformed;
    }
}
