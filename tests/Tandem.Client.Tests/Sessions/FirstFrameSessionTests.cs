using Tandem.Client.Sessions;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// Issue 14: the glasses start sending at once, with no fixed waits. Nothing waits for the encoder's first
/// frame; the keyframe is asked for the moment the connection's SRTP is keyed, and a connection's first
/// frame is a keyframe.
/// </summary>
public class FirstFrameSessionTests
{
    private static readonly RtcFeatures VideoOnly = new() { Audio = false, DataChannel = false };

    [Fact]
    public async Task Start_EncoderHasNoFrameYet_JoinsAndKeysAtOnce_ThenSendsTheRequestedKeyframeFirst()
    {
        await using var server = await ServerHost.StartAsync();
        var clock = new MediaClock();
        await using var source = new PushVideoSource(30) { ProfileLevelId = "42c014" };
        var requests = 0;
        source.KeyframeRequested += () => Interlocked.Increment(ref requests);
        await using var device = new DeviceSession(Options(server, "glasses_first", VideoOnly), clock, source, audio: null);
        await using var app = new AppSession(Options(server, "app_first", VideoOnly), new MediaClock());
        var deviceEvents = new Events(device);

        // The encoder has produced nothing: the session joins, pairs and keys SRTP all the same.
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();
        await deviceEvents.WaitForAsync("media");
        Assert.Equal(1, Volatile.Read(ref requests));
        Assert.Equal(0, device.VideoSent.Frames);
        Assert.Contains("profile-level-id=42c014", app.PeerConnection!.RemoteDescription!.Sdp, StringComparison.Ordinal);

        // The encoder's first output: a P-frame it had under way (nothing can decode it), then the IDR asked for.
        Assert.True(source.TryWriteFrame(Slice(0x41, 1), clock.Now));
        Assert.True(source.TryWriteFrame([.. FakeVideoSource.Sps, .. FakeVideoSource.Pps, .. Slice(0x65, 2)], clock.Now));
        await WaitUntilAsync(() => app.VideoReceived.Frames >= 1, $"the first frame at the app (has {app.VideoReceived.Frames})");

        Assert.Equal(1, app.VideoReceived.Keyframes);
        Assert.Equal(1, device.VideoSent.Frames);
        Assert.Equal(1, device.VideoSent.Keyframes);
        Assert.Equal("42c014", device.VideoProfileLevelId);
    }

    [Fact]
    public async Task Start_SourceDeclaresNoProfile_ProfileComesFromTheFirstSps()
    {
        await using var server = await ServerHost.StartAsync();
        var clock = new MediaClock();
        await using var source = new PushVideoSource(30);
        await using var device = new DeviceSession(Options(server, "glasses_sps", VideoOnly), clock, source, audio: null);
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        Assert.Null(device.VideoProfileLevelId);

        Assert.True(source.TryWriteFrame([.. FakeVideoSource.Sps, .. FakeVideoSource.Pps, .. Slice(0x65, 1)], clock.Now));

        await WaitUntilAsync(() => device.VideoProfileLevelId is not null, "the profile of the first SPS");
        Assert.Equal("42c014", device.VideoProfileLevelId);
    }

    /// <summary>One slice NAL unit of type <paramref name="header"/> whose bytes never form a start code.</summary>
    private static byte[] Slice(byte header, byte fill)
    {
        var unit = new byte[304];
        unit[3] = 1;
        unit[4] = header;
        Array.Fill(unit, fill, 5, unit.Length - 5);
        return unit;
    }
}
