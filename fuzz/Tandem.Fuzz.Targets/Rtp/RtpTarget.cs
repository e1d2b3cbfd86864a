using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Rtp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Rtp;

/// <summary>
/// RTP packets after SRTP (RFC 3550 §5.1) and their header extensions (RFC 8285), then the receive
/// bookkeeping that reads their sequence numbers and timestamps (statistics, NACK, reorder buffer).
/// Each packet that parses is written again with <see cref="RtpPacketBuilder"/>; the copy must parse
/// to the same header, extension elements and payload. Input: framed datagrams.
/// </summary>
public sealed class RtpTarget : IFuzzTarget
{
    private readonly byte[] _buffer = new byte[ushort.MaxValue * 2];
    private readonly ushort[] _nacks = new ushort[64];

    public string Name => "rtp";

    public void Run(ReadOnlySpan<byte> input)
    {
        var time = new FakeTimeProvider();
        var statistics = new RtpReceiveStatistics(1, 90_000, time);
        var nack = new RtpNackGenerator(null, time);
        using var reorder = new RtpReorderBuffer(capacity: 64, maxPacketSize: 1500, maxDelay: TimeSpan.FromMilliseconds(50), timeProvider: time);
        var released = 0;
        foreach (var datagram in new FramedInput(input))
        {
            time.Advance(TimeSpan.FromMilliseconds(7));
            reorder.Push(datagram, 0, (_, _) => released++);
            if (!RtpPacket.TryParse(datagram, out var packet))
            {
                continue;
            }

            Check(packet.Version == 2 && packet.HeaderLength + packet.PaddingLength <= datagram.Length, "a parsed packet overruns its datagram");
            for (var i = 0; i < packet.CsrcCount; i++)
            {
                _ = packet.GetCsrc(i);
            }

            _ = RtpAbsSendTime.TryRead(packet.TryGetExtension(3, out var value) ? value : default, out _);
            RoundTrip(packet);
            statistics.OnPacket(packet);
            nack.OnPacket(packet.SequenceNumber);
            _ = nack.GetNacks(_nacks);
            _ = statistics.TryCreateReportBlock(out _);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        reorder.Drain(0, (_, _) => released++);
        Check(reorder.Count == 0, "the reorder buffer kept packets past its delay");
    }

    private void RoundTrip(RtpPacket packet)
    {
        var reader = packet.GetExtensions();
        Span<uint> csrcs = stackalloc uint[packet.CsrcCount];
        for (var i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = packet.GetCsrc(i);
        }

        var header = new RtpHeader(packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Marker);
        Check(RtpPacketBuilder.TryCreate(_buffer, header, out var builder, reader.Form, csrcs), "the builder refused a parsed header");
        while (reader.TryReadNext(out int id, out var value))
        {
            Check(builder.TryAddExtension(id, value), $"the builder refused extension element {id} of {value.Length} bytes");
        }

        Check(builder.TryFinish(packet.Payload, out int length), "the builder refused the payload");
        Check(RtpPacket.TryParse(_buffer.AsSpan(0, length), out var again), "a built packet does not parse");
        Check(again.PayloadType == packet.PayloadType && again.SequenceNumber == packet.SequenceNumber && again.Timestamp == packet.Timestamp
            && again.Ssrc == packet.Ssrc && again.Marker == packet.Marker && again.CsrcCount == packet.CsrcCount, "the header changed in a round trip");
        Check(again.Payload.SequenceEqual(packet.Payload), "the payload changed in a round trip");
        var original = packet.GetExtensions();
        var copy = again.GetExtensions();
        while (original.TryReadNext(out int id, out var value))
        {
            Check(copy.TryReadNext(out int copyId, out var copyValue) && copyId == id && copyValue.SequenceEqual(value), "an extension element changed in a round trip");
        }

        Check(!copy.TryReadNext(out _, out _), "the round trip added an extension element");
    }
}
