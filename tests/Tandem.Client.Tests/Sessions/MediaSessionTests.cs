using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Client.Tests.Streams;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

public class MediaSessionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeviceToApp_AccessUnitsRecordedInOrderFromAKeyframe_AudioBothWays(bool deviceJoinsFirst)
    {
        await using var server = await ServerHost.StartAsync();
        var deviceClock = new MediaClock();
        var camera = new FakeVideoSource(deviceClock);
        var mic = new ToneAudioSource(deviceClock, new ToneGenerator(16_000, 440, 0.3));
        await using var device = new DeviceSession(Options(server, "glasses_media" + deviceJoinsFirst, new RtcFeatures()), deviceClock, camera, mic);
        var appClock = new MediaClock();
        var video = new RecordingVideoSink();
        var sound = new RecordingAudioSink(AudioFormat.Voice16k);
        var appMic = new ToneAudioSource(appClock, new ToneGenerator(16_000, 660, 0.3));
        var app = new AppSession(Options(server, "app_media" + deviceJoinsFirst, new RtcFeatures()), appClock, appMic, video, sound);
        var appEvents = new Events(app);
        var deviceEvents = new Events(device);

        PeerSession first = deviceJoinsFirst ? device : app, second = deviceJoinsFirst ? app : device;
        await first.StartAsync();
        await WaitJoinedAsync(server, first);
        await second.StartAsync();
        await appEvents.WaitForAsync("media");
        await deviceEvents.WaitForAsync("media");
        Assert.Equal(deviceJoinsFirst, device.Role!.IsOfferer);
        Assert.Equal(new RtcNegotiatedMedia(false, true, true, true, true), app.PeerConnection!.NegotiatedMedia);
        Assert.Equal(new RtcNegotiatedMedia(true, false, true, true, true), device.PeerConnection!.NegotiatedMedia);
        await WaitUntilAsync(() => app.VideoReceived.Frames >= 60 && app.AudioDuration >= TimeSpan.FromSeconds(1) && device.AudioReceived.Frames >= 25,
            "60 frames, 1 s of audio at the app and 25 audio packets at the device");
        // Read from the first SPS the video pump took from the encoder (the fake source declares none).
        Assert.Equal("42c014", device.VideoProfileLevelId);
        await WaitUntilAsync(() => app.AvOffset is not null, "an A/V offset (both streams mapped through SRs)");
        var offset = app.AvOffset!.Value;
        Assert.True(Math.Abs(offset.TotalMilliseconds) < 200, $"A/V offset {offset.TotalMilliseconds} ms on loopback");
        var frames = app.VideoReceived.Frames;
        var keyframes = app.VideoReceived.Keyframes;
        await app.DisposeAsync();

        // The sink got a run of consecutive delivered units starting at a keyframe, each placed on the app's clock.
        var recorded = video.Bytes;
        Assert.True(video.Frames[0].Frame.IsKeyframe);
        var placed = video.Frames.Where(f => f.Frame.PresentationTime is not null).ToList();
        Assert.True(placed.Count >= frames / 2, $"{placed.Count} of {frames} frames have a presentation time");
        Assert.All(placed, f => Assert.InRange(f.Frame.PresentationTime!.Value - f.Frame.ArrivalTime, TimeSpan.FromSeconds(-0.5), TimeSpan.FromSeconds(0.5)));
        List<byte[]> delivered;
        lock (camera.Delivered)
        {
            delivered = [.. camera.Delivered];
        }

        var start = delivered.FindIndex(unit => recorded.AsSpan().StartsWith(unit));
        Assert.True(start >= 0, "the recording does not start with a delivered access unit");
        Assert.Equal(0, start % 10);
        var expected = delivered.Skip(start).SelectMany(unit => unit).Take(recorded.Length).ToArray();
        Assert.Equal(expected, recorded);
        Assert.True(recorded.Length >= delivered.Skip(start).Take((int)frames).Sum(unit => unit.Length));
        Assert.True(keyframes >= frames / 10);
        Assert.True(device.VideoSent.Frames >= frames);

        // At least a second of 16 kHz samples that are not silence, played out in order on the app's clock.
        var samples = sound.Samples;
        Assert.True(samples.Length >= 16_000, $"{samples.Length} samples");
        var played = TimeSpan.FromSeconds(samples.Length / 16_000.0);
        Assert.InRange(sound.Frames[^1].At - sound.Frames[0].At, played - TimeSpan.FromSeconds(0.5), played + TimeSpan.FromSeconds(0.5));
        var rms = Math.Sqrt(samples.Skip(samples.Length / 2).Average(s => (double)s * s));
        Assert.True(rms > 1000, $"RMS {rms:0} of the recorded tone");
    }
}
