using System.Diagnostics;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>Loss and recovery against Chromium: its NACKs answered from our send history, its PLIs by a fresh IDR.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumLossTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly TimeSpan KeyframeBound = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task FivePercentVideoLoss_ChromiumNacksAreAnsweredOnRtx_ItKeepsDecoding()
    {
        var time = new MediaTimebase();
        var options = ChromiumMediaSession.DeviceOptions(chromium, new RtcFeatures { Audio = false, DataChannel = false }, time)
            with { VideoPacketLossForTesting = 0.05 };
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, options);
        var camera = new TestCamera(await MediaClips.Camera, await MediaClips.CameraIntra);
        session.Ours.KeyframeRequested += camera.RequestKeyframe;

        await session.OfferFromUsAsync(micBack: false);
        await session.WaitForMediaAsync();
        var pump = new DeviceMediaPump(session.Ours, time, camera, audio: null);
        await pump.RunAsync(TimeSpan.FromSeconds(10));
        var video = ChromiumInboundVideo.From(await session.Browser.GetStatsAsync());
        var ours = MediaStatsText.Video(session.Ours.GetStats());
        output.WriteLine($"{video}\nours: {ours}\nkeyframe requests at the camera: {camera.Requests.Count}");

        Assert.True(video.NackCount > 0, video.ToString());
        Assert.True(ours.NacksReceived > 0 && ours.PacketsResent > 0, ours.ToString());

        // Chromium counts a retransmission only when it comes on the RTX stream (RFC 4588) it negotiated.
        Assert.True(video.RetransmittedPacketsReceived > 0, video.ToString());
        Assert.True(video.FramesDecoded >= 240, video.ToString());
        AssertEveryRequestAnswered(camera, pump);
    }

    [Fact]
    public async Task UndecodableFrame_ChromiumSendsPli_CameraIdrSentWithin200MsOfTheRequest()
    {
        var time = new MediaTimebase();
        var options = ChromiumMediaSession.DeviceOptions(chromium, new RtcFeatures { Audio = false, DataChannel = false }, time);
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, options);
        var camera = new TestCamera(await MediaClips.Camera, await MediaClips.CameraIntra);
        session.Ours.KeyframeRequested += camera.RequestKeyframe;
        const int Damaged = 45;
        camera.DamageFrame(Damaged);

        await session.OfferFromUsAsync(micBack: false);
        await session.WaitForMediaAsync();
        var pump = new DeviceMediaPump(session.Ours, time, camera, audio: null);
        await pump.RunAsync(TimeSpan.FromSeconds(4));
        var video = ChromiumInboundVideo.From(await session.Browser.GetStatsAsync());
        var ours = MediaStatsText.Video(session.Ours.GetStats());
        var frames = pump.Frames;
        var forced = frames.Where(f => f.Frame.Forced).ToList();
        output.WriteLine($"{video}\nours: {ours}\nrequests at {Describe(camera.Requests, frames[0].SentAt)}; forced IDRs sent at {Describe(forced.Select(f => f.SentAt), frames[0].SentAt)}");

        Assert.True(video.PliCount + video.FirCount >= 1, video.ToString());
        Assert.True(ours.KeyframeRequestsReceived >= 1, ours.ToString());
        Assert.NotEmpty(camera.Requests);
        Assert.True(camera.Requests[0] > frames.Single(f => f.Frame.Damaged).SentAt, "the request follows the damaged frame");
        Assert.NotEmpty(forced);
        AssertEveryRequestAnswered(camera, pump);

        // Chromium decodes on from the forced IDR: every frame but the damaged one and those up to the
        // IDR is decoded (or, late on a busy machine, dropped by its jitter buffer: not a decoder error).
        var lost = forced[0].Frame.Index - Damaged;
        Assert.True(video.KeyFramesDecoded >= 2, video.ToString());
        Assert.True(video.FramesDecoded + video.FramesDropped >= frames.Count - lost - 3, $"{video}; {lost} frames from the damaged one to the IDR");
        Assert.True(video.FramesDecoded > forced[0].Frame.Index, $"{video}: decoding went on after the IDR");
    }

    /// <summary>Every keyframe request the camera got was followed by an IDR on the wire within <see cref="KeyframeBound"/>.</summary>
    private static void AssertEveryRequestAnswered(TestCamera camera, DeviceMediaPump pump)
    {
        var keyframes = pump.Frames.Where(f => f.Frame.Keyframe).Select(f => f.SentAt).ToList();
        var lastSent = pump.Frames[^1].SentAt;
        // A request in the last frame interval may have come after that frame was taken from the camera.
        foreach (var request in camera.Requests.Where(r => Stopwatch.GetElapsedTime(r, lastSent) > TimeSpan.FromMilliseconds(100)))
        {
            var next = keyframes.FirstOrDefault(k => k >= request, long.MaxValue);
            Assert.True(next != long.MaxValue, "a keyframe followed the request");
            Assert.InRange(Stopwatch.GetElapsedTime(request, next), TimeSpan.Zero, KeyframeBound);
        }
    }

    private static string Describe(IEnumerable<long> stamps, long origin) =>
        string.Join(", ", stamps.Select(s => $"{Stopwatch.GetElapsedTime(origin, s).TotalMilliseconds:F0} ms"));
}
