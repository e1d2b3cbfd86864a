using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>Bandwidth probes (padding-only packets on the RTX stream) against Chromium's transport-wide feedback.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumProbingTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task FreeLink_ProbesRaiseTheTargetToTwiceTheMediasRate_ChromiumDecodesOnWithoutComplaint()
    {
        var time = new MediaTimebase();
        var options = ChromiumMediaSession.DeviceOptions(chromium, new RtcFeatures { Audio = false, DataChannel = false }, time);
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, options);
        var camera = new TestCamera(await MediaClips.Camera, await MediaClips.CameraIntra);
        session.Ours.KeyframeRequested += camera.RequestKeyframe;

        await session.OfferFromUsAsync(micBack: false);
        await session.WaitForMediaAsync();
        var pump = new DeviceMediaPump(session.Ours, time, camera, audio: null);
        await pump.RunAsync(TimeSpan.FromSeconds(5));
        var video = ChromiumInboundVideo.From(await session.Browser.GetStatsAsync());
        var stats = session.Ours.GetStats();
        var bandwidth = stats.Media!.Bandwidth!;
        var ours = MediaStatsText.Video(stats);
        output.WriteLine($"{video}\nours: {ours}\n{bandwidth}");

        // The start rate is 300 kbit/s; the rate controller alone grows 8 %/s (under 0.5 Mbit/s after 5 s). The probes (3× and
        // 6× the start, then twice the result, until a cluster is at twice the media's expected most, 1.5 Mbit/s) show through
        // Chromium's feedback that the namespace's link carries that. A result is the lower of the send and the receive rate
        // of a 15 ms burst, a little under the cluster's rate (2.8–2.9 Mbit/s at a load average of 12): 80 % of it, at least.
        Assert.True(bandwidth.TargetBitrate >= 0.8 * 2 * new RtpMediaSessionOptions().ExpectedMediaBitrate, bandwidth.ToString());
        Assert.True(bandwidth.TransportFeedbacksReceived > 0, bandwidth.ToString());

        // Padding on the RTX stream is neither an error nor a loss to Chromium: no keyframe request, every frame decoded.
        Assert.Equal(0, video.PliCount + video.FirCount);
        Assert.Equal(0, ours.KeyframeRequestsReceived);
        Assert.Equal(0, video.PacketsLost);
        Assert.True(video.FramesDecoded + video.FramesDropped >= pump.Frames.Count - 5, $"{video}; {pump.Frames.Count} frames sent");
    }
}
