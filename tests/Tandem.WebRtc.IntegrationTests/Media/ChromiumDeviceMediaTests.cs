using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>Chromium as the app: it receives our device's H.264 and Opus, and its fake microphone talks back.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumDeviceMediaTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    /// <summary>The level (RMS, full scale 32767) above which a decoded 20 ms packet is sound, not silence.</summary>
    private const double SoundRms = 300;

    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DeviceOffer_TenSecondsOf720pH264AndOpus_ChromiumDecodes270FramesAndHearsAudio()
    {
        var time = new MediaTimebase();
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, ChromiumMediaSession.DeviceOptions(chromium, new RtcFeatures(), time));
        var camera = new TestCamera(await MediaClips.Camera, await MediaClips.CameraIntra);
        session.Ours.KeyframeRequested += camera.RequestKeyframe;
        using var mic = new OpusLevelMeter(session.Ours);

        await session.OfferFromUsAsync();
        await session.WaitForMediaAsync();
        var pump = new DeviceMediaPump(session.Ours, time, camera, new ToneAudio(DeviceMediaPump.SampleRate));
        await pump.RunAsync(TenSeconds);
        var stats = await session.Browser.GetStatsAsync();
        var decodedIn10s = ChromiumInboundVideo.From(stats).FramesDecoded;

        // Then let the frames still in Chromium's jitter buffer and decoder come out: each must be decoded or dropped.
        stats = await session.Browser.WaitForStatsAsync(
            s => ChromiumInboundVideo.From(s) is var v && v.FramesDecoded + v.FramesDropped >= v.FramesReceived && v.FramesReceived >= pump.Frames.Count,
            "every received frame decoded or dropped",
            TimeSpan.FromSeconds(3));
        var video = ChromiumInboundVideo.From(stats);
        var audio = ChromiumInboundAudio.From(stats);
        var levels = mic.Levels;
        output.WriteLine($"{decodedIn10s} frames decoded after 10 s; {video}\n{audio}\nsent {pump.Frames.Count} frames ({pump.Frames.Count(f => f.Accepted)} accepted), {pump.AudioPacketsSent} audio packets; " +
            $"our side decoded {levels.Count} packets from Chromium's microphone, {levels.Count(l => l > SoundRms)} with sound, loudest RMS {levels.DefaultIfEmpty().Max():F0}; keyframe requests {camera.Requests.Count}");
        output.WriteLine(MediaStatsText.Describe(session.Ours.GetStats()));

        Assert.All(pump.Frames, f => Assert.True(f.Accepted, "every frame was sent"));
        Assert.Equal("video/H264", video.Codec);
        Assert.Equal((1280, 720), ((int)video.FrameWidth, (int)video.FrameHeight));
        Assert.True(decodedIn10s >= 270, $"{decodedIn10s} frames decoded in 10 s");
        Assert.True(video.KeyFramesDecoded >= 1, video.ToString());
        Assert.False(string.IsNullOrEmpty(video.DecoderImplementation), "a decoder was set up");
        Assert.DoesNotContain("fallback", video.DecoderImplementation, StringComparison.OrdinalIgnoreCase);

        // A frame the decoder fails on is dropped and makes Chromium ask for a keyframe (PLI); none may happen here.
        Assert.True(video.FramesDropped <= 3, video.ToString());
        Assert.Equal(0, video.PliCount + video.FirCount);

        Assert.Equal("audio/opus", audio.Codec);
        Assert.True(audio.PacketsReceived >= 450, audio.ToString());
        Assert.True(audio.TotalAudioEnergy > 0 && audio.AudioLevel > 0, audio.ToString());
        Assert.True(audio.ConcealedSamples < audio.TotalSamplesReceived / 10, audio.ToString());

        Assert.Equal(0, mic.DecodeErrors);
        Assert.Contains(levels, l => l > SoundRms);

        // Our RTCP as Chromium reads it: an SR about once a second per stream (remote-outbound-rtp),
        // and receiver reports on its microphone stream that give it a round-trip time (remote-inbound-rtp).
        foreach (var kind in new[] { "video", "audio" })
        {
            var reports = stats.OfType("remote-outbound-rtp").Where(r => BrowserStats.Text(r, "kind") == kind).ToList();
            output.WriteLine($"Chromium's view of our {kind} SRs: {string.Join(" ", reports)}");
            Assert.InRange(BrowserStats.Number(Assert.Single(reports), "reportsSent"), 8, 14);
        }

        var ourReports = stats.OfType("remote-inbound-rtp").Where(r => BrowserStats.Text(r, "kind") == "audio").ToList();
        output.WriteLine($"Chromium's view of our RRs: {string.Join(" ", ourReports)}");
        Assert.True(BrowserStats.Number(Assert.Single(ourReports), "roundTripTimeMeasurements") > 0);

        // Transport-wide congestion control both ways: Chromium's feedback on our packets reached our
        // estimator (a delivered rate), and our receiver sent feedback on Chromium's microphone packets.
        var bandwidth = session.Ours.GetStats().Media?.Bandwidth;
        Assert.NotNull(bandwidth);
        output.WriteLine($"our bandwidth stats: {bandwidth}");
        Assert.True(bandwidth.TransportFeedbacksReceived >= 10 && bandwidth.DeliveredBitrate > 0, bandwidth.ToString());
        Assert.True(bandwidth.TransportFeedbacksSent >= 10, bandwidth.ToString());
    }

    [Fact]
    public async Task AppOffer_ChromiumFakeMicrophone_WeDecodeNonSilentOpus()
    {
        var time = new MediaTimebase();
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, ChromiumMediaSession.DeviceOptions(chromium, new RtcFeatures(), time));
        using var mic = new OpusLevelMeter(session.Ours);

        await session.OfferFromChromiumAsync(new RtcFeatures());
        await session.WaitForMediaAsync();
        var deadline = DateTime.UtcNow + ChromiumMediaSession.Timeout;
        while (mic.Levels.Count(l => l > SoundRms) < 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var levels = mic.Levels;
        var browser = await session.Browser.GetStatsAsync();
        output.WriteLine($"decoded {levels.Count} packets, {levels.Count(l => l > SoundRms)} with sound, loudest RMS {levels.DefaultIfEmpty().Max():F0}");
        var sent = browser.Outbound("audio");
        output.WriteLine($"Chromium: {sent}");

        Assert.True(session.Ours.NegotiatedMedia.ReceivesAudio);
        Assert.Equal(0, mic.DecodeErrors);
        Assert.True(levels.Count(l => l > SoundRms) >= 10, $"sound in {levels.Count(l => l > SoundRms)} of {levels.Count} packets");
        Assert.Equal("audio/opus", BrowserStats.Text(browser.CodecOf(Assert.NotNull(sent)), "mimeType"));
    }
}
