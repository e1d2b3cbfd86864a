using Tandem.Client.Sessions;
using Tandem.Media.Clock;
using Tandem.Media.RawVideo;
using Tandem.Media.Video;
using Tandem.Media.X264;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// The glasses team's integration, through public API only: their encoder's callback pushes each access
/// unit into a <see cref="PushVideoSource"/>, and a keyframe request from the app reaches the encoder.
/// </summary>
public class PushEncoderSessionTests
{
    [Fact]
    public async Task EncoderCallbackPushesFrames_AppRecordsThem_AndItsKeyframeRequestMakesAnIdr()
    {
        await using var server = await ServerHost.StartAsync();
        var clock = new MediaClock();

        // The "hardware encoder": IDR first, then only on request (no periodic keyframes).
        using var encoder = new X264Encoder(new X264EncoderOptions { Width = 320, Height = 240, FrameRate = 30, Bitrate = 300_000 });
        await using var camera = new TestPatternVideoSource(320, 240, 30, clock);
        // A second of slack, so that no frame is dropped (a drop would ask for a keyframe by itself).
        await using var source = new PushVideoSource(30, capacity: 30);
        source.KeyframeRequested += encoder.RequestKeyframe;
        using var stop = new CancellationTokenSource();
        var encoding = Task.Run(async () =>
        {
            var picture = new RawVideoFrame(320, 240);
            while (await camera.ReadFrameAsync(picture, stop.Token))
            {
                EncodeAndPush(encoder, picture, source);
            }
        });

        await using var device = new DeviceSession(Options(server, "glasses_push", new RtcFeatures { Audio = false, DataChannel = false }), clock, source, audio: null);
        await using var app = new AppSession(Options(server, "app_push", new RtcFeatures { Audio = false, DataChannel = false }), new MediaClock());
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();
        await WaitUntilAsync(() => app.VideoReceived.Frames >= 30, $"30 frames at the app (has {app.VideoReceived.Frames})");
        Assert.Equal(encoder.ProfileLevelId, device.VideoProfileLevelId);

        var keyframes = app.VideoReceived.Keyframes;
        var encoded = encoder.FramesEncoded;
        Assert.True(app.PeerConnection!.RequestKeyframe());
        await WaitUntilAsync(() => app.VideoReceived.Keyframes > keyframes, $"a keyframe after the app's request (had {keyframes})");
        Assert.True(encoder.FramesEncoded > encoded);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoding);
        Assert.Equal(0, source.DroppedFrames);
    }

    // Not async: the encoded frame is a ref struct, valid until the next Encode.
    private static void EncodeAndPush(X264Encoder encoder, RawVideoFrame picture, PushVideoSource source)
    {
        var frame = encoder.Encode(picture.AsI420(), picture.CaptureTime);
        source.TryWriteFrame(frame.AnnexB, frame.CaptureTime);
    }
}
