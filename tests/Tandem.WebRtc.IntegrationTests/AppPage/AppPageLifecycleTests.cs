using System.Text.Json;
using Microsoft.Playwright;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>The app page when the pairing changes: the glasses leave and come back, the same id opens twice.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AppPageLifecycleTests(ChromiumFixture chromium, AppPageFixture app) : IClassFixture<AppPageFixture>
{
    [Fact]
    public async Task AppPage_GlassesLeaveAndReturn_ShowsLeaveThenOffersAndPlaysAgain()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "y";
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await using (var first = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}"))
        {
            await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video from the first glasses");
        }

        // R25: the leave is forwarded; the page drops its connection and shows it.
        await page.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined" && Text(s, "role") is null && Text(s, "connectionState") is null,
            "the page back to waiting after the leave");
        Assert.Contains("left", await page.Page.InnerTextAsync("#alert"), StringComparison.Ordinal);
        Assert.True(await page.Page.IsVisibleAsync("#alert"));

        // R26: the page is now the room's first member, so it offers at the next pairing.
        await using var second = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        var state = await page.WaitForAsync("tandemApp.state()", s => Text(s, "connectionState") == "connected", "the page connected to the returning glasses");
        Assert.Equal("offerer", Text(state, "role"));
        await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video from the returning glasses");
        Assert.False(await page.Page.IsVisibleAsync("#alert"));
    }

    [Fact]
    public async Task AppPage_SignalingDrops_RejoinsWithSameIdAndKeepsMedia()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "v";
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await using var glasses = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        var before = await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video before the drop");

        await page.EvaluateAsync("tandemApp.dropSignaling()");

        // R30: the page reconnects with backoff, joins again as the same id and gets its slot back;
        // its media never went down, so nothing is renegotiated.
        await page.WaitForAsync("tandemApp.events()",
            e => e.EnumerateArray().Any(x => Text(x, "text")!.StartsWith("pairing resumed", StringComparison.Ordinal)),
            "the resumed pairing");
        var events = await page.WaitForAsync("tandemApp.events()",
            e => e.EnumerateArray().Any(x => Text(x, "text")!.Contains("nothing to renegotiate", StringComparison.Ordinal)),
            "the page to keep its media");
        Assert.Contains(events.EnumerateArray(), x => Text(x, "text")!.StartsWith("signaling reconnecting", StringComparison.Ordinal));
        var state = await page.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "paired", "the page paired again");
        Assert.Equal("connected", Text(state, "connectionState"));
        Assert.Equal($"app_{uid}", Text(await page.EvaluateAsync("{ id: tandemApp.deviceId }"), "id"));
        await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > FramesDecoded(before) + 30, "video still flowing after the drop");
    }

    [Fact]
    public async Task AppPage_GlassesRestartWithNewConnection_AnswersTheNewOfferAndPlaysAgain()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "u";
        await using var first = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video from the first glasses");

        // R20: a restarted device joins again with the same id and takes the slot; the pairing is
        // resumed and it offers with a new DTLS certificate, which the page answers on a new connection.
        await using var restarted = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        await page.WaitForAsync("tandemApp.events()",
            e => e.EnumerateArray().Any(x => Text(x, "text")!.Contains("started a new connection", StringComparison.Ordinal)),
            "the page to see the new connection");
        await restarted.Peer.WaitForConnectionStateAsync("connected");
        var state = await page.WaitForAsync("tandemApp.state()", s => Text(s, "connectionState") == "connected", "the page connected again");
        Assert.Equal("answerer", Text(state, "role"));
        await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 10, "video from the restarted glasses");
        await restarted.Peer.WaitForStatsAsync(s => BrowserStats.Number(s.Inbound("audio"), "totalAudioEnergy") > 0, "the app's audio at the restarted glasses");
    }

    [Fact]
    public async Task AppPage_SameIdOpenedTwice_FirstShowsErrorAndStops()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "z";
        await using var first = await app.OpenAppAsync($"app_{uid}");
        await first.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined", "the first page to join");

        await using var second = await app.OpenAppAsync($"app_{uid}");

        // R20 (policy replace): the older connection gets 1001 and close 4001; it must not take the slot back.
        await first.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "closed", "the first page to stop");
        Assert.Contains("1001", await first.Page.InnerTextAsync("#alert"), StringComparison.Ordinal);
        Assert.Equal("stopped", await first.Page.InnerTextAsync("#badge"));
        var events = await first.WaitForAsync("tandemApp.events()", e => e.GetArrayLength() > 0, "events");
        Assert.Contains(events.EnumerateArray(), e => Text(e, "text")!.Contains("1001", StringComparison.Ordinal));
        var secondState = await second.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined", "the second page to hold the slot");
        Assert.Null(Text(secondState, "role"));
    }

    [Fact]
    public async Task AppPage_NoId_ShowsFormThatJoinsWithTheTypedUid()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "w";
        await using var page = await app.OpenAsync(new Uri(app.Server.BaseUri, "app"), 390, 844);
        Assert.True(await page.Page.IsVisibleAsync("#join-form"));
        Assert.False(await page.Page.IsVisibleAsync("#session"));
        await page.ScreenshotAsync("join-form-narrow", 390, 844);

        await page.Page.FillAsync("#join-id", uid);
        await page.Page.ClickAsync("#join-form button[type=submit]");
        // The form's GET lands on app?id=<uid>. Only the URL is asserted here, at commit: the default also waits for the new
        // document's load event, which in one CI run (2 cores, Chromium 156) Playwright never reported within 30 s although
        // the URL matched; what the page does next is asserted below, through tandemApp.
        await page.Page.WaitForURLAsync(new Uri(app.Server.BaseUri, $"app?id={uid}").ToString(), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.Page.WaitForFunctionAsync("() => window.tandemApp !== undefined");

        // A bare uid is taken as app_<uid>.
        var state = await page.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined", "the page to join from the form");
        Assert.Equal($"app_{uid}", Text(await page.EvaluateAsync("{ id: tandemApp.deviceId }"), "id"));
        Assert.Equal($"app_{uid}", await page.Page.InnerTextAsync("#device"));
        Assert.Equal("joined", Text(state, "signaling"));
        Assert.Equal($"Waiting for glasses_{uid} to join…", await page.Page.InnerTextAsync("#stage-note"));
        await page.ScreenshotAsync("waiting-narrow", 390, 844);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double FramesDecoded(JsonElement stats) =>
        stats.ValueKind == JsonValueKind.Object && stats.GetProperty("video").GetProperty("framesDecoded") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : 0;
}
