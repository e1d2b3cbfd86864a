using System.Buffers.Binary;
using System.Numerics;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// CRC32c (Castagnoli) as used by the SCTP common header checksum
/// (RFC 9260 Appendix B, RFC 3309). Runs over 8-byte words with the hardware instruction
/// exposed by <see cref="BitOperations.Crc32C(uint, ulong)"/>.
/// </summary>
internal static class SctpCrc32c
{
    /// <summary>Computes the CRC32c of <paramref name="data"/> (initial value all ones, final complement).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFF_FFFFu, data);

    /// <summary>
    /// Computes the checksum of an SCTP packet as if its checksum field (bytes 8..11) were zero,
    /// without copying the packet. The caller guarantees <paramref name="packet"/> holds at least 12 bytes.
    /// </summary>
    public static uint ComputePacketChecksum(ReadOnlySpan<byte> packet)
    {
        var crc = BitOperations.Crc32C(0xFFFF_FFFFu, BinaryPrimitives.ReadUInt64LittleEndian(packet));
        crc = BitOperations.Crc32C(crc, 0u);
        return ~Append(crc, packet[12..]);
    }

    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (data.Length >= 4)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
