using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
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
        var recording = new MemoryStream();
        var wav = new MemoryStream();
        var appMic = new ToneAudioSource(appClock, new ToneGenerator(16_000, 660, 0.3));
        var app = new AppSession(Options(server, "app_media" + deviceJoinsFirst, new RtcFeatures()), appClock, appMic, recording, wav);
        var appEvents = new Events(app);
        var deviceEvents = new Events(device);

        PeerSession first = deviceJoinsFirst ? device : app, second = deviceJoinsFirst ? app : device;
        await first.StartAsync();
        await WaitJoinedAsync(server, first);
        await second.StartAsync();
        Assert.Equal("42c014", device.VideoProfileLevelId);
        await appEvents.WaitForAsync("media");
        await deviceEvents.WaitForAsync("media");
        Assert.Equal(deviceJoinsFirst, device.Role!.IsOfferer);
        Assert.Equal(new RtcNegotiatedMedia(false, true, true, true, true), app.PeerConnection!.NegotiatedMedia);
        Assert.Equal(new RtcNegotiatedMedia(true, false, true, true, true), device.PeerConnection!.NegotiatedMedia);
        await WaitUntilAsync(() => app.VideoReceived.Frames >= 60 && app.AudioDuration >= TimeSpan.FromSeconds(1) && device.AudioReceived.Frames >= 25,
            "60 frames, 1 s of audio at the app and 25 audio packets at the device");
        await WaitUntilAsync(() => app.AvOffset is not null, "an A/V offset (both streams mapped through SRs)");
        var offset = app.AvOffset!.Value;
        Assert.True(Math.Abs(offset.TotalMilliseconds) < 200, $"A/V offset {offset.TotalMilliseconds} ms on loopback");
        var frames = app.VideoReceived.Frames;
        var keyframes = app.VideoReceived.Keyframes;
        await app.DisposeAsync();

        // The recording is a run of consecutive delivered units starting at a keyframe.
        var recorded = recording.ToArray();
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

        // 16 kHz mono WAV: 44-byte header, then at least a second of samples that are not silence.
        var pcm = wav.ToArray();
        Assert.True(pcm.Length >= 44 + 32_000, $"WAV of {pcm.Length} bytes");
        var samples = new short[(pcm.Length - 44) / 2];
        Buffer.BlockCopy(pcm, 44, samples, 0, samples.Length * 2);
        var rms = Math.Sqrt(samples.Skip(samples.Length / 2).Average(s => (double)s * s));
        Assert.True(rms > 1000, $"RMS {rms:0} of the recorded tone");
    }
}
