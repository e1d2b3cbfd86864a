using System.Buffers.Binary;

namespace Tandem.DataChannelThroughput;

/// <summary>
/// The numbered binary messages of the browser test page (Browser/Pages/peer.js): a big-endian
/// uint32 index, then bytes <c>(index + i) &amp; 0xff</c>. Writing and checking copy from and
/// compare with one precomputed ramp, so the C# ends cost little next to the transport.
/// </summary>
internal static class NumberedPayload
{
    /// <summary>The largest message handled (our max-message-size).</summary>
    public const int MaxSize = 256 * 1024;

    // Ramp[k] = k & 0xff, so byte i of message seq is Ramp[(seq & 0xff) + i].
    private static readonly byte[] Ramp = BuildRamp(MaxSize + 256);

    /// <summary>Writes message <paramref name="seq"/> over the whole of <paramref name="destination"/> (4 bytes or more).</summary>
    public static void Write(uint seq, Span<byte> destination)
    {
        Ramp.AsSpan((int)(seq & 0xff), destination.Length).CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination, seq);
    }

    /// <summary>Reads the index of <paramref name="message"/>; false when it is shorter than 4 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out uint seq, out bool patternOk)
    {
        seq = 0;
        patternOk = false;
        if (message.Length < 4 || message.Length > MaxSize)
        {
            return false;
        }

        seq = BinaryPrimitives.ReadUInt32BigEndian(message);
        patternOk = message[4..].SequenceEqual(Ramp.AsSpan((int)(seq & 0xff) + 4, message.Length - 4));
        return true;
    }

    private static byte[] BuildRamp(int length)
    {
        var ramp = new byte[length];
        for (var i = 0; i < ramp.Length; i++)
        {
            ramp[i] = (byte)i;
        }

        return ramp;
    }
}
