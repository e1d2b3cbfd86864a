using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Writes one SCTP packet into a caller-provided buffer: the common header (RFC 9260 §3.1),
/// then chunks, each padded to 4 bytes, then the CRC32c checksum on <see cref="Finish"/>.
/// </summary>
internal ref struct SctpPacketBuilder
{
    private readonly Span<byte> _buffer;

    /// <summary>Starts a packet in <paramref name="buffer"/>, whose length is the path MTU budget.</summary>
    public SctpPacketBuilder(Span<byte> buffer, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], verificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[8..], 0);
        Length = SctpPacket.HeaderLength;
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>Free bytes left for chunks (already accounting for the padding of previous chunks).</summary>
    public readonly int Remaining => _buffer.Length - Length;

    /// <summary>True when no chunk has been added yet.</summary>
    public readonly bool IsEmpty => Length == SctpPacket.HeaderLength;

    /// <summary>The free space where the next chunk is written; call <see cref="Advance"/> after writing.</summary>
    public readonly Span<byte> Free => _buffer[Length..];

    /// <summary>Commits a chunk of <paramref name="chunkLength"/> bytes written into <see cref="Free"/>, adding zero padding.</summary>
    public void Advance(int chunkLength)
    {
        var padded = Math.Min(SctpChunk.Pad4(chunkLength), Remaining);
        _buffer.Slice(Length + chunkLength, padded - chunkLength).Clear();
        Length += padded;
    }

    /// <summary>Writes the checksum and returns the packet length.</summary>
    public readonly int Finish()
    {
        var packet = _buffer[..Length];
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], SctpCrc32c.ComputePacketChecksum(packet));
        return Length;
    }
}
