using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;
using static Tandem.Testing.Processes.Tandem;

namespace Tandem.EndToEnd.Tests.Browser;

/// <summary>
/// Server + <c>tandem device</c> (processes) + the <c>/app</c> page in headless Chromium: what a user
/// with the glasses and a phone browser sees. The device gathers on the namespace's veth addresses.
/// </summary>
[Trait("Category", "Browser")]
public class DeviceAppPageTests(AppPageBrowser browser) : IClassFixture<AppPageBrowser>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeviceAndPage_VideoPlaysAudioBothWaysChatRoundTrips(bool deviceJoinsFirst)
    {
        var uid = deviceJoinsFirst ? "e2e_page_device_first" : "e2e_page_page_first";
        var log = new List<string>();
        await using var server = await ServerProcess.StartAsync();
        ChildProcess? device = null;
        if (deviceJoinsFirst)
        {
            device = await StartDeviceAsync(server, uid);
            await server.WaitForRoomAsync("glasses_" + uid, Wait);
        }

        var page = await browser.OpenAsync(new Uri(server.HttpUri, "app?id=app_" + uid), log);
        try
        {
            if (!deviceJoinsFirst)
            {
                await server.WaitForRoomAsync("app_" + uid, Wait);
                device = await StartDeviceAsync(server, uid);
            }

            var role = (await device!.WaitForLineAsync(l => l.StartsWith("paired with", StringComparison.Ordinal), "pairing", Wait)).Line;
            Assert.EndsWith(deviceJoinsFirst ? "offerer" : "answerer", role, StringComparison.Ordinal);

            // Video plays: frames decoded keep growing.
            var before = await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "video", "framesDecoded") > 30, "30 frames decoded", log, device);
            var after = await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "video", "framesDecoded") >= Number(before, "video", "framesDecoded") + 30,
                "30 more frames decoded", log, device);
            Assert.Equal("video/H264", after.GetProperty("video").GetProperty("codec").GetString());

            // Audio both ways: the glasses' tone plays in the page, the page's fake mic reaches the glasses.
            await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "audioIn", "packetsReceived") > 50 && Number(s, "audioIn", "totalAudioEnergy") > 0,
                "the glasses' audio playing", log, device);
            await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "audioOut", "packetsSent") > 50, "the page sending audio", log, device);
            await device.WaitForLineAsync(l => l.StartsWith("status: connected", StringComparison.Ordinal)
                && !l.Contains(" 0 kbit/s in", StringComparison.Ordinal), "the page's audio arriving", Wait);

            // Chat: the page's text reaches the glasses, which echo it back.
            await page.FillAsync("#chat-input", "hello from the page");
            await page.ClickAsync("#chat-send");
            await device.WaitForLineAsync(l => l == "data: hello from the page", "the chat line", Wait);
            await page.Locator("#chat-log li", new PageLocatorOptions { HasText = "echo: hello from the page" }).First
                .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)Wait.TotalMilliseconds });
        }
        finally
        {
            await page.Context.CloseAsync();
            if (device is not null)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static async Task<ChildProcess> StartDeviceAsync(ServerProcess server, string uid)
    {
        var device = Device(server, uid, "--video", "testsrc", "--size", "640x360", "--bitrate", "800", "--echo");
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
        return device;
    }

    internal static double Number(JsonElement stats, string group, string name) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(group, out var g) && g.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : 0;

    private static Task<JsonElement> WaitForAsync(IPage page, string expression, Func<JsonElement, bool> condition, string what, List<string> log, ChildProcess? device) =>
        AppPageBrowser.WaitForAsync(page, expression, condition, what, log, device, Wait);
}
