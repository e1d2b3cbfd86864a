extern alias TandemMedia;

using Microsoft.Extensions.Time.Testing;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.Payloads.Opus;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>One moment of received media: its RTP timestamp, when it arrived, and where the session's timeline puts it.</summary>
/// <remarks>The times are null for media that arrived before its stream's first SR: it cannot be placed yet.</remarks>
internal readonly record struct LipSyncMoment(uint RtpTimestamp, DateTimeOffset Arrival, DateTimeOffset? SenderTime, DateTimeOffset? PresentationTime);

/// <summary>
/// The phone's side: keeps every video frame with its times, decodes the audio and notes the first
/// 1 ms window loud enough to be the beep — asking the session's timeline, as an app would, when each was sent and when to play it.
/// </summary>
internal sealed class LipSyncReceiver
{
    private const int WindowMilliseconds = 1;
    private const double OnsetRms = 3000;

    private readonly RtpMediaSession _session;
    private readonly FakeTimeProvider _time;
    private readonly H264RtpReceiver _video;
    private readonly OpusRtpReceiver _audio;
    private readonly OpusDecoder _decoder;
    private readonly short[] _pcm;
    private readonly int _sampleRate;

    public LipSyncReceiver(RtpMediaSession session, FakeTimeProvider time, byte videoPayloadType, byte audioPayloadType, int sampleRate)
    {
        _session = session;
        _time = time;
        _sampleRate = sampleRate;
        _decoder = new OpusDecoder(sampleRate, 1);
        _pcm = new short[sampleRate / 50];
        _video = new H264RtpReceiver(session, new RtpReceiverOptions { PayloadType = videoPayloadType, ClockRate = 90_000 }, OnFrame);
        _audio = new OpusRtpReceiver(session, new RtpReceiverOptions { PayloadType = audioPayloadType, ClockRate = OpusRtp.ClockRate, Nack = false }, OnAudio);
    }

    public List<LipSyncMoment> Frames { get; } = [];

    public MemoryStream VideoBytes { get; } = new();

    public int AudioPackets { get; private set; }

    public LipSyncMoment? Beep { get; private set; }

    private void OnFrame(H264Frame frame)
    {
        VideoBytes.Write(frame.AnnexB);
        Frames.Add(Moment(_video.Stream, frame.RtpTimestamp));
    }

    private void OnAudio(ReadOnlySpan<byte> packet, uint rtpTimestamp, ushort sequenceNumber)
    {
        AudioPackets++;
        Assert.Equal(System.Buffers.OperationStatus.Done, _decoder.Decode(packet, _pcm, out var samples));
        if (Beep is not null)
        {
            return;
        }

        var window = _sampleRate * WindowMilliseconds / 1000;
        for (var start = 0; start + window <= samples; start += window)
        {
            var energy = 0.0;
            foreach (var sample in _pcm.AsSpan(start, window))
            {
                energy += (double)sample * sample;
            }

            if (Math.Sqrt(energy / window) >= OnsetRms)
            {
                var onset = unchecked(rtpTimestamp + OpusRtp.SamplesToTicks(start, _sampleRate));
                Beep = Moment(_audio.Stream, onset);
                return;
            }
        }
    }

    private LipSyncMoment Moment(RtpStreamReceiver stream, uint rtpTimestamp)
    {
        var mapped = _session.Timeline.TryGetSenderTime(stream, rtpTimestamp, out var senderTime);
        var placed = _session.Timeline.TryGetPresentationTime(stream, rtpTimestamp, out var presentationTime);
        Assert.Equal(mapped, placed);
        return new LipSyncMoment(rtpTimestamp, _time.GetUtcNow(), mapped ? senderTime : null, placed ? presentationTime : null);
    }
}
