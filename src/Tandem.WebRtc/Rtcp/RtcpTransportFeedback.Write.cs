using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

internal readonly ref partial struct RtcpTransportFeedback
{
    /// <summary>Most packets one <see cref="TryWrite"/> describes; a receiver sends more feedback packets for more.</summary>
    public const int MaxPacketsPerFeedback = 512;

    /// <summary>
    /// Writes a feedback for the packets from <paramref name="baseSequenceNumber"/> on, whose arrival
    /// times (microseconds on our clock; negative = not received) are <paramref name="arrivals"/>. The
    /// reference time is the first arrival's 64 ms slot; packets are described up to the first whose
    /// delta does not fit two bytes (over ±8 s), returned in <paramref name="described"/>. Runs of seven
    /// or more equal symbols become run-length chunks, the rest two-bit status vectors (§3.1.3–§3.1.4).
    /// False when nothing was received, more than <see cref="MaxPacketsPerFeedback"/> are given, or it does not fit.
    /// </summary>
    public static bool TryWrite(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber, byte feedbackPacketCount,
        ReadOnlySpan<long> arrivals, out int written, out int described)
    {
        written = described = 0;
        if (arrivals.Length > MaxPacketsPerFeedback)
        {
            return false;
        }

        var first = arrivals.IndexOfAnyInRange(0, long.MaxValue);
        if (first < 0)
        {
            return false;
        }

        var reference = Math.DivRem(arrivals[first], ReferenceMicroseconds, out var rem) - (rem < 0 ? 1 : 0);
        Span<byte> symbols = stackalloc byte[arrivals.Length];
        Span<short> deltas = stackalloc short[arrivals.Length];
        var previous = reference * (ReferenceMicroseconds / DeltaMicroseconds);
        var count = 0;
        var deltaBytes = 0;
        for (; count < arrivals.Length; count++)
        {
            if (arrivals[count] < 0)
            {
                symbols[count] = 0;
                continue;
            }

            var tick = Math.DivRem(arrivals[count], DeltaMicroseconds, out var r) - (r < 0 ? 1 : 0);
            var delta = tick - previous;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                break;
            }

            symbols[count] = delta is >= 0 and <= byte.MaxValue ? (byte)1 : (byte)2;
            deltas[count] = (short)delta;
            deltaBytes += symbols[count];
            previous = tick;
        }

        var offset = RtcpFeedbackHeader.Length + FixedLength;
        for (var i = 0; i < count;)
        {
            if (offset + 2 > destination.Length)
            {
                return false;
            }

            var run = 1;
            while (i + run < count && run < 0x1FFF && symbols[i + run] == symbols[i])
            {
                run++;
            }

            ushort chunk;
            if (run >= 7)
            {
                chunk = (ushort)((symbols[i] << 13) | run);
                i += run;
            }
            else
            {
                chunk = 0xC000;
                for (var k = 0; k < 7 && i < count; k++, i++)
                {
                    chunk |= (ushort)(symbols[i] << (12 - (2 * k)));
                }
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], chunk);
            offset += 2;
        }

        var unpadded = offset + deltaBytes;
        var length = (unpadded + 3) & ~3;
        if (length > destination.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (symbols[i] == 1)
            {
                destination[offset++] = (byte)deltas[i];
            }
            else if (symbols[i] == 2)
            {
                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], deltas[i]);
                offset += 2;
            }
        }

        if (!RtcpFeedbackHeader.TryWrite(destination, RtcpPacketType.TransportFeedback, Format, senderSsrc, mediaSsrc, length - RtcpFeedbackHeader.Length, out _))
        {
            return false;
        }

        var fci = destination[RtcpFeedbackHeader.Length..];
        BinaryPrimitives.WriteUInt16BigEndian(fci, baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)count);
        fci[4] = (byte)(reference >> 16);
        fci[5] = (byte)(reference >> 8);
        fci[6] = (byte)reference;
        fci[7] = feedbackPacketCount;
        if (length > unpadded)
        {
            // RFC 3550 §6.4.1 padding (as libwebrtc writes it): zeros, the last octet counting them, P set.
            destination[unpadded..length].Clear();
            destination[length - 1] = (byte)(length - unpadded);
            destination[0] |= 0x20;
        }

        written = length;
        described = count;
        return true;
    }
}
