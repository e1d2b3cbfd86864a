using Tandem.Client.Sessions;
using Tandem.Client.Tests.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Opus;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// Audio into the device as PCM (encoded by the session) or as Opus the glasses encoded themselves:
/// either way, every packet's RTP timestamp, mapped through the sender reports the app received,
/// gives back the instant it was captured on the device's clock — the mapping lip sync rests on.
/// </summary>
public class AudioClockSessionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeviceAudio_PcmOrEncoded_SenderReportsMapEachPacketBackToItsCaptureInstant(bool encoded)
    {
        await using var server = await ServerHost.StartAsync();
        var clock = new MediaClock();
        var captured = new List<MediaInstant>();
        var features = new RtcFeatures { Video = false, DataChannel = false };
        await using var mic = new RecordingAudioSource(new ToneAudioSource(clock, new ToneGenerator(16_000, 440, 0.3)), captured);
        await using var pushed = new PushOpusSource();
        using var stop = new CancellationTokenSource();
        var encoder = encoded ? Task.Run(() => EncodeAsync(mic, pushed, stop.Token)) : Task.CompletedTask;
        await using var device = encoded
            ? new DeviceSession(Options(server, "glasses_clock" + encoded, features), clock, video: null, audio: null, encodedAudio: pushed)
            : new DeviceSession(Options(server, "glasses_clock" + encoded, features), clock, video: null, audio: mic);
        var heard = new RecordingAudioSink(AudioFormat.Voice16k);
        await using var app = new AppSession(Options(server, "app_clock" + encoded, features), new MediaClock(), audioOutput: heard);
        var timestamps = new ReceivedAudioTimestamps(app);

        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();
        await WaitUntilAsync(() => timestamps.Count >= 50 && app.AudioDuration >= TimeSpan.FromSeconds(1), "50 audio packets and a second played at the app");
        var ssrc = app.PeerConnection!.GetStats().Media!.AudioReceived!.Ssrc;
        await WaitUntilAsync(() => app.PeerConnection!.MediaTimeline!.TryGetMapping(ssrc, out _), "a sender report of the audio");

        var received = timestamps.Snapshot();
        List<DateTimeOffset> instants;
        lock (captured)
        {
            instants = [.. captured.Select(clock.ToWallClock)];
        }

        foreach (var rtpTimestamp in received)
        {
            Assert.True(app.PeerConnection!.MediaTimeline!.TryGetSenderTime(ssrc, rtpTimestamp, out var senderTime));
            var nearest = instants.Min(instant => (instant - senderTime).Duration());
            Assert.True(nearest < TimeSpan.FromMilliseconds(1), $"RTP {rtpTimestamp} maps to {senderTime:O}, {nearest.TotalMilliseconds:0.0} ms from any capture instant");
        }

        Assert.True(heard.Samples.Length >= 16_000);
        await stop.CancelAsync();
        await encoder;
    }

    /// <summary>The glasses' own encoder: each 20 ms frame encoded and pushed with its capture instant, after a lag as a DSP has.</summary>
    private static async Task EncodeAsync(IAudioSource mic, PushOpusSource output, CancellationToken cancellationToken)
    {
        using var opus = new OpusEncoder();
        var pcm = new short[mic.Format.FrameLength];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        try
        {
            while (await mic.ReadFrameAsync(pcm, cancellationToken) is { } capturedAt)
            {
                await Task.Delay(15, cancellationToken);
                output.TryWritePacket(packet.AsSpan(0, opus.Encode(pcm, packet)), capturedAt);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The test is over.
        }
    }

    /// <summary>A microphone that notes the capture instant of every frame it delivers.</summary>
    private sealed class RecordingAudioSource(IAudioSource inner, List<MediaInstant> captured) : IAudioSource
    {
        public AudioFormat Format => inner.Format;

        public async ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default)
        {
            var instant = await inner.ReadFrameAsync(destination, cancellationToken);
            if (instant is { } at)
            {
                lock (captured)
                {
                    captured.Add(at);
                }
            }

            return instant;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
