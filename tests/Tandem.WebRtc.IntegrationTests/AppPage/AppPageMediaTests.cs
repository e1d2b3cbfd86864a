using System.Text.Json;
using Tandem.Testing;
using Tandem.WebRtc.IntegrationTests.Browser;
using SdpText = Tandem.WebRtc.IntegrationTests.Browser.Sdp;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>
/// The app page (<c>/app?id=app_&lt;uid&gt;</c>) against "glasses" (a Chromium peer with a fake camera
/// and mic, signaling through the real server): pairing in both role orders, H.264 video and Opus
/// audio both ways, and the data-channel chat.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AppPageMediaTests(ChromiumFixture chromium, AppPageFixture app, ITestOutputHelper output) : IClassFixture<AppPageFixture>
{
    [Fact]
    public async Task AppPage_JoinsFirst_OffersRecvOnlyH264AndPlaysGlassesMedia()
    {
        var uid = NewUid();
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await page.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined", "the page to join");

        await using var glasses = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        var state = await page.WaitForAsync("tandemApp.state()", s => Text(s, "role") == "offerer", "the offerer role");
        Assert.Equal($"glasses_{uid}", Text(state, "peerId"));

        // R37: video recvonly on the app side with H.264 packetization-mode 1 only (and its rtx); Opus at 16 kHz; data; one BUNDLE.
        var offer = await glasses.RemoteDescription.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"the page's offer:\n{offer.Sdp}");
        Assert.Equal("offer", offer.Type);
        var sections = SdpText.MediaSections(offer.Sdp);
        var video = sections.Single(s => SdpText.Kind(s) == "video");
        Assert.Contains("a=recvonly", video);
        AssertH264WithRtx(video);
        Assert.All(SdpRtx.PayloadTypes(video, "H264"), pt => Assert.Contains(video, l => l.StartsWith($"a=fmtp:{pt} ", StringComparison.Ordinal)
            && l.Contains("packetization-mode=1", StringComparison.Ordinal)));
        var audio = sections.Single(s => SdpText.Kind(s) == "audio");
        Assert.Contains("a=sendrecv", audio);
        Assert.Equal(["opus"], SdpText.Codecs(audio));
        Assert.Contains(audio, l => l.StartsWith("a=fmtp:", StringComparison.Ordinal)
            && l.Contains("maxplaybackrate=16000;sprop-maxcapturerate=16000;useinbandfec=1", StringComparison.Ordinal));
        Assert.Single(sections, s => SdpText.Kind(s) == "application");
        Assert.Single(SdpText.Lines(offer.Sdp), l => l.StartsWith("a=group:BUNDLE ", StringComparison.Ordinal));

        // R38: the page created "tandem", ordered and reliable; the glasses receive it.
        var channel = await glasses.Peer.NextIncomingChannelAsync();
        Assert.Equal("tandem", channel.Label);
        Assert.True(channel.Ordered);
        Assert.Null(channel.MaxRetransmits);
        Assert.Null(channel.MaxPacketLifeTime);

        await AssertMediaAndChatAsync(page, glasses, "app-offerer");
    }

    [Fact]
    public async Task AppPage_GlassesJoinFirst_AnswersH264AndPlaysGlassesMedia()
    {
        var uid = NewUid();
        await using var glasses = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await page.WaitForAsync("tandemApp.state()", s => Text(s, "role") == "answerer", "the answerer role");

        // R37: the answer's video m-line carries H.264 only, with the rtx the glasses offered for it.
        var answer = await glasses.RemoteDescription.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"the page's answer:\n{answer.Sdp}");
        Assert.Equal("answer", answer.Type);
        var sections = SdpText.MediaSections(answer.Sdp);
        var video = sections.Single(s => SdpText.Kind(s) == "video");
        Assert.Contains("a=recvonly", video);
        AssertH264WithRtx(video);
        Assert.Contains("a=sendrecv", sections.Single(s => SdpText.Kind(s) == "audio"));

        await page.WaitForAsync("tandemApp.state()", s => Text(s, "dataChannel") == "open", "the glasses' tandem channel to open");
        await glasses.Peer.WaitForChannelStateAsync("tandem", "open");
        await AssertMediaAndChatAsync(page, glasses, "app-answerer");
    }

    private async Task AssertMediaAndChatAsync(AppPageSession page, GlassesLink glasses, string name)
    {
        await glasses.Peer.WaitForConnectionStateAsync("connected");
        await page.WaitForAsync("tandemApp.state()", s => Text(s, "connectionState") == "connected", "the page's peer connection");

        // Video plays in the page: frames keep being decoded; audio arrives with energy.
        var first = await page.WaitForAsync("tandemApp.stats()",
            s => Number(s, "video", "framesDecoded") > 0 && Number(s, "audioIn", "totalAudioEnergy") > 0,
            "the first decoded frames and audio energy in the page");
        var framesBefore = Number(first, "video", "framesDecoded");
        var stats = await page.WaitForAsync("tandemApp.stats()", s => Number(s, "video", "framesDecoded") >= framesBefore + 20,
            "20 more decoded frames in the page");
        Assert.Equal("video/H264", Text(stats.GetProperty("video"), "codec"));
        Assert.Equal("audio/opus", Text(stats.GetProperty("audioIn"), "codec"));
        Assert.True(Number(stats, "video", "width") > 0);
        Assert.True(Number(stats, "audioOut", "packetsSent") > 0);

        // The page's microphone reaches the glasses.
        var glassesStats = await glasses.Peer.WaitForStatsAsync(
            s => BrowserStats.Number(s.Inbound("audio"), "totalAudioEnergy") > 0, "the app's audio energy at the glasses");
        Assert.Equal("audio/opus", BrowserStats.Text(glassesStats.CodecOf(glassesStats.Inbound("audio")!.Value), "mimeType"));

        // Chat: typed in the page, received by the glasses; their reply shows in the page's log.
        var message = $"hello glasses from {name}";
        await page.SendChatAsync(message);
        await glasses.Peer.WaitForMessagesAsync("tandem", 1);
        var received = await glasses.Peer.GetReceivedAsync("tandem", lastN: 1);
        Assert.Equal(1, received.Count);
        Assert.Equal(message, System.Text.Encoding.UTF8.GetString(received.Last[^1].GetBytes()));
        await glasses.Peer.SendTextAsync("tandem", $"hi app, {name} here");
        var line = await page.WaitForChatLineAsync($"hi app, {name} here");
        Assert.Contains("glasses", line, StringComparison.Ordinal);

        var wide = await page.ScreenshotAsync($"{name}-wide", 1280, 900);
        var narrow = await page.ScreenshotAsync($"{name}-narrow", 390, 844);
        output.WriteLine($"stats: {stats}\nscreenshots: {wide} {narrow}");
        Assert.True(new FileInfo(wide).Length > 0 && new FileInfo(narrow).Length > 0);
    }

    /// <summary>
    /// R37 and RFC 4588 §8.6: the video section's codecs are H.264 and rtx only, every rtx repairs one of its
    /// H.264 payload types and every H.264 payload type has one (else the glasses could not resend on RTX,
    /// and Chromium would count no retransmission).
    /// </summary>
    private static void AssertH264WithRtx(IReadOnlyList<string> video)
    {
        var h264 = SdpRtx.PayloadTypes(video, "H264");
        var repairs = SdpRtx.Repairs(video);
        Assert.NotEmpty(h264);
        Assert.All(SdpText.Codecs(video), c => Assert.Contains(c, new[] { "H264", "rtx" }));
        Assert.All(repairs, r => Assert.Contains(r.Apt, h264));
        Assert.All(h264, pt => Assert.Contains(repairs, r => r.Apt == pt));
    }

    private static string NewUid() => Guid.NewGuid().ToString("N")[..12] + "x";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double Number(JsonElement element, string group, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(group, out var g) && g.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble() : 0;
}
