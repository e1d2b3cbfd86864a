using System.Text.Json;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>What the app page tells its user: a wrong id, whom it waits for, and what the operator did.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AppPageMessageTests(ChromiumFixture chromium, AppPageFixture app) : IClassFixture<AppPageFixture>
{
    private static readonly string[] StatNames = ["video", "frames", "resolution", "audioIn", "audioOut", "bitrate", "rtt", "path"];

    [Theory]
    [InlineData("glasses_123456", "glasses_123456 is the glasses' id. This page is the phone app: it joins as app_123456 and pairs with glasses_123456.", "app_123456")]
    [InlineData("foo_123", "\"foo_123\" has an unknown prefix \"foo_\": give app_<uid> or the bare uid (e.g. app_123456 or 123456).", "foo_123")]
    public async Task AppPage_IdThatIsNotAnAppId_SaysWhyAndJoinsNothing(string id, string problem, string offered)
    {
        await using var page = await app.OpenAppAsync(id);

        Assert.True(await page.Page.IsVisibleAsync("#join-form"));
        Assert.False(await page.Page.IsVisibleAsync("#session"));
        Assert.Equal(problem, await page.Page.InnerTextAsync("#join-problem"));
        Assert.Equal(offered, await page.Page.InputValueAsync("#join-id"));
        Assert.Equal("invalid id", await page.Page.InnerTextAsync("#badge"));
        Assert.Equal(JsonValueKind.Null, (await page.EvaluateAsync("tandemApp.deviceId")).ValueKind);
        Assert.DoesNotContain(app.Server.Hub.GetStatus().Connections, c => c.DeviceId == "app_" + id);
    }

    [Fact]
    public async Task AppPage_Waiting_NamesTheGlassesItWaitsFor()
    {
        var uid = Guid.NewGuid().ToString("N")[..12];
        await using var page = await app.OpenAppAsync($"app_{uid}");

        await page.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined", "the page to join");
        Assert.Equal($"Waiting for glasses_{uid} to join…", await page.Page.InnerTextAsync("#stage-note"));
        Assert.Equal($"joined · waiting for glasses_{uid}", await page.Page.InnerTextAsync("[data-state=signaling]"));
    }

    [Fact]
    public async Task AppPage_DisconnectedByOperator_OneReasonAndNoStaleStats()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "d";
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await using var glasses = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video");
        Assert.NotEqual("–", await page.Page.InnerTextAsync("[data-stat=frames]"));
        var connection = app.Server.Hub.GetStatus().Connections.Single(c => c.DeviceId == $"app_{uid}");

        Assert.True(app.Server.Hub.DisconnectClient(connection.ConnectionId));

        await page.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "closed", "the page to stop");
        Assert.Equal("Stopped: disconnected by the operator (server error 1001)", await page.Page.InnerTextAsync("#alert"));
        Assert.Equal("Stopped. Press Join to connect again.", await page.Page.InnerTextAsync("#stage-note"));
        Assert.Equal("stopped", await page.Page.InnerTextAsync("#badge"));
        foreach (var name in StatNames)
        {
            Assert.Equal("–", await page.Page.InnerTextAsync($"[data-stat={name}]"));
        }

        // Nothing repaints the old numbers later.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal("–", await page.Page.InnerTextAsync("[data-stat=frames]"));
    }

    [Fact]
    public async Task AppPage_RoomClosedByOperator_SaysSoJoinsAgainAndPlays()
    {
        var uid = Guid.NewGuid().ToString("N")[..12] + "c";
        await using var page = await app.OpenAppAsync($"app_{uid}");
        await using var glasses = await GlassesLink.JoinAsync(chromium, app.Server.WebSocketUri, $"glasses_{uid}");
        await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video");

        Assert.True(app.Server.Hub.CloseRoom($"room_{uid}"));

        var notice = $"room_{uid} was closed by the operator; joining again";
        await page.WaitForAsync("tandemApp.events()", e => Texts(e).Contains(notice), "the notice");
        await page.WaitForAsync("tandemApp.events()", e => Texts(e).Count(t => t.StartsWith("paired with", StringComparison.Ordinal) || t.StartsWith("pairing resumed", StringComparison.Ordinal)) >= 2,
            "the pairing again");
        try
        {
            await page.WaitForAsync("tandemApp.state()", s => Text(s, "connectionState") == "connected", "the new connection");
            await page.WaitForAsync("tandemApp.stats()", s => FramesDecoded(s) > 0, "video again");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + glasses.Diagnostics(), e);
        }

        var events = Texts(await page.EvaluateAsync("tandemApp.events()"));
        Assert.DoesNotContain(events, t => t.Contains("1005", StringComparison.Ordinal) || t.Contains("socket closed", StringComparison.Ordinal));
        Assert.False(await page.Page.IsVisibleAsync("#alert"));
    }

    private static List<string> Texts(JsonElement events) => [.. events.EnumerateArray().Select(e => Text(e, "text") ?? "")];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double FramesDecoded(JsonElement stats) =>
        stats.ValueKind == JsonValueKind.Object && stats.GetProperty("video").GetProperty("framesDecoded") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : 0;
}
