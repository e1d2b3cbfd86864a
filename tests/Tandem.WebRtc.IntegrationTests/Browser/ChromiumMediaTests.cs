using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>Proves the harness with Chromium on both ends: fake camera and microphone media.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumMediaTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly string[] H264 = ["video/H264"];

    [Fact]
    public async Task SetCodecPreferences_H264Only_OfferVideoListsOnlyH264()
    {
        await using var peer = await chromium.OpenPeerAsync();
        await peer.CreatePeerConnectionAsync();
        await peer.AddFakeMediaAsync(audio: false, video: true);

        var kept = await peer.SetCodecPreferencesAsync("video", H264, "packetization-mode=1");
        var offer = await peer.CreateOfferAsync();
        var video = Sdp.MediaSections(offer.Sdp).Single(s => Sdp.Kind(s) == "video");

        Assert.NotEmpty(kept);
        Assert.NotEmpty(Sdp.Codecs(video));
        Assert.All(Sdp.Codecs(video), c => Assert.Equal("H264", c));
        Assert.All(video.Where(l => l.StartsWith("a=fmtp:", StringComparison.Ordinal)),
            l => Assert.Contains("packetization-mode=1", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FakeCameraAndMic_SentToOtherPage_H264AndOpusDecoded()
    {
        await using var pair = await ChromiumPair.OpenAsync(chromium);
        await pair.Offerer.AddFakeMediaAsync(audio: true, video: true);
        await pair.Offerer.SetCodecPreferencesAsync("video", H264, "packetization-mode=1");
        await pair.ConnectAsync();

        var first = await pair.Answerer.WaitForStatsAsync(
            s => BrowserStats.Number(s.Inbound("video"), "framesDecoded") > 0
                && BrowserStats.Number(s.Inbound("audio"), "totalAudioEnergy") > 0,
            "first decoded video frame and audio energy");
        var framesBefore = BrowserStats.Number(first.Inbound("video"), "framesDecoded");
        var later = await pair.Answerer.WaitForStatsAsync(
            s => BrowserStats.Number(s.Inbound("video"), "framesDecoded") >= framesBefore + 10,
            "10 more decoded frames");

        var video = later.Inbound("video");
        output.WriteLine($"{video}\n{later.Inbound("audio")}\n{later.SelectedCandidatePair()}");
        var audio = later.Inbound("audio");
        Assert.Equal("video/H264", BrowserStats.Text(later.CodecOf(video!.Value), "mimeType"));
        Assert.Equal("audio/opus", BrowserStats.Text(later.CodecOf(audio!.Value), "mimeType"));
        Assert.True(BrowserStats.Number(video, "keyFramesDecoded") >= 1);
        Assert.True(BrowserStats.Number(audio, "totalSamplesReceived") > 0);
        Assert.True(BrowserStats.Number(audio, "totalAudioEnergy") > 0);
        var pairStats = later.SelectedCandidatePair();
        Assert.Equal("succeeded", BrowserStats.Text(pairStats, "state"));
        Assert.True(BrowserStats.Number(pairStats, "bytesReceived") > 0);
    }
}
