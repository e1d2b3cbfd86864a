using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;

namespace Tandem.EndToEnd.Tests.Browser;

/// <summary>
/// The <c>/app</c> page over <c>https://</c> on a non-loopback test address, in Chromium: a secure context,
/// so the microphone is allowed there (not only on localhost); its signaling goes over <c>wss://</c>, and
/// it shows the video of a <c>tandem device</c> that reached the same server over <c>wss://</c> with <c>--ca</c>.
/// </summary>
[Trait("Category", "Browser")]
public class SecureAppPageTests(SecureAppPageBrowser browser) : IClassFixture<SecureAppPageBrowser>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HttpsPageOnTestAddress_SecureContextMicrophoneAllowedDeviceVideoShown()
    {
        const string uid = "e2e_https_page";
        var log = new List<string>();
        await using var server = await ServerProcess.StartTlsAsync(browser.Pki, SecureAppPageBrowser.Address);
        Assert.StartsWith("https://10.77.0.1:", server.HttpUri.ToString(), StringComparison.Ordinal);
        await using var device = ChildProcess.Start("device " + uid, Binaries.Tandem,
            ["device", "--server", server.WebSocketUri, "--ca", browser.Pki.CaPath, "--id", "glasses_" + uid, "--video", "testsrc", "--size", "640x360", "--bitrate", "800"]);
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the device's join over wss://", Wait);

        var page = await browser.OpenAsync(new Uri(server.HttpUri, "app?id=app_" + uid), log);
        try
        {
            Assert.True(await page.EvaluateAsync<bool>("() => window.isSecureContext"), "the https:// page is not a secure context");
            Assert.Equal("https:", await page.EvaluateAsync<string>("() => location.protocol"));

            // The microphone: getUserMedia answers with an audio track (Chromium's fake device) instead of refusing.
            Assert.Equal(1, await page.EvaluateAsync<int>("async () => (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks().length"));

            await device.WaitForLineAsync(l => l.StartsWith("paired with", StringComparison.Ordinal), "pairing", Wait);
            var before = await WaitForAsync(page, s => Number(s, "video", "framesDecoded") > 30, "30 frames decoded", log, device);
            await WaitForAsync(page, s => Number(s, "video", "framesDecoded") >= Number(before, "video", "framesDecoded") + 30, "30 more frames decoded", log, device);

            // The page's own microphone track reaches the glasses.
            await WaitForAsync(page, s => Number(s, "audioOut", "packetsSent") > 50, "the page sending its microphone", log, device);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static double Number(JsonElement stats, string group, string name) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(group, out var g) && g.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : 0;

    private static Task<JsonElement> WaitForAsync(IPage page, Func<JsonElement, bool> condition, string what, List<string> log, ChildProcess device) =>
        AppPageBrowser.WaitForAsync(page, "tandemApp.stats()", condition, what, log, device, Wait);
}
