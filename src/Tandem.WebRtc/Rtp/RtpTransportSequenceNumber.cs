using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tandem.WebRtc.Rtp;

/// <summary>
/// The transport-wide sequence number header extension
/// (https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-2):
/// one 16-bit number counting every RTP packet a sender puts on the transport, across its streams,
/// in the order they leave. Packets are built with a placeholder and stamped when they are sent.
/// </summary>
internal static class RtpTransportSequenceNumber
{
    /// <summary>Length of the extension's value.</summary>
    public const int Length = 2;

    /// <summary>Reads the number from an extension value; false when it is not two bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        if (value.Length != Length)
        {
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>Reads the number of the packet's element <paramref name="id"/>; false when absent or malformed.</summary>
    public static bool TryRead(in RtpPacket packet, int id, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        return id != 0 && packet.TryGetExtension(id, out var value) && TryRead(value, out sequenceNumber);
    }

    /// <summary>
    /// Overwrites the value of element <paramref name="id"/> in the built RTP packet <paramref name="packet"/>
    /// with <paramref name="sequenceNumber"/>; false when the packet has no such two-byte element.
    /// </summary>
    public static bool TryStamp(Span<byte> packet, int id, ushort sequenceNumber)
    {
        if (id == 0 || !RtpPacket.TryParse(packet, out var parsed) || !parsed.TryGetExtension(id, out var value) || value.Length != Length)
        {
            return false;
        }

        var offset = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference((ReadOnlySpan<byte>)packet), ref MemoryMarshal.GetReference(value));
        BinaryPrimitives.WriteUInt16BigEndian(packet[offset..], sequenceNumber);
        return true;
    }
}
