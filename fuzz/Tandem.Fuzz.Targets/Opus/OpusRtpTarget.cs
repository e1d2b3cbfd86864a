extern alias TandemMedia;

using Microsoft.Extensions.Time.Testing;
using TandemMedia::Tandem.Media.Opus;
using TandemMedia::Tandem.Media.Playout;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.Rtp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Opus;

/// <summary>
/// Opus RTP payloads (RFC 7587, RFC 6716 §3) on the receive path: our TOC-based duration against
/// libopus's, then the playout (jitter buffer, decode, FEC, concealment) on a fake clock.
/// Input: framed RTP packets.
/// </summary>
public sealed class OpusRtpTarget : IFuzzTarget
{
    private readonly short[] _pcm = new short[5760 * 2];

    public string Name => "opus-rtp";

    public void Run(ReadOnlySpan<byte> input)
    {
        var time = new FakeTimeProvider();
        using var playout = new OpusPlayout(16_000, 1, null, time);
        foreach (var datagram in new FramedInput(input))
        {
            if (!RtpPacket.TryParse(datagram, out var packet))
            {
                continue;
            }

            var payload = packet.Payload;
            bool ours = OpusRtp.TryGetDurationTicks(payload, out int ticks);
            int libopus = payload.IsEmpty ? -1 : OpusPacket.GetSampleCount(payload, OpusRtp.ClockRate);
            Check(ours ? ticks == libopus : libopus <= 0, $"our duration {(ours ? ticks : -1)} ticks, libopus says {libopus}");
            _ = OpusPacket.GetChannelCount(payload);
            _ = playout.InsertPacket(packet.SequenceNumber, packet.Timestamp, payload);
            time.Advance(TimeSpan.FromMilliseconds(20));
            for (var frames = 0; frames < 8 && playout.TryReadFrame(_pcm, out int samples, out _); frames++)
            {
                Check(samples >= 0 && samples <= _pcm.Length, $"{samples} samples from one frame");
            }
        }
    }
}
