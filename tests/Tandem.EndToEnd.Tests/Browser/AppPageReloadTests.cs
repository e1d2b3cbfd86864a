using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;
using static Tandem.Testing.Processes.Tandem;

namespace Tandem.EndToEnd.Tests.Browser;

/// <summary>
/// The <c>/app</c> page reloaded, or closed and opened again, while <c>tandem device</c> runs: after a
/// leave on the way out (R25), after dying without one within the server's reconnect grace (R30: the
/// fresh page gets the held slot back, <c>resumed:true</c>, with no connection to resume) and after the
/// grace (R30: the slot was freed). Each time the page must play the glasses' video again within 3 s,
/// whichever side joined first.
/// </summary>
[Trait("Category", "Browser")]
public class AppPageReloadTests(AppPageBrowser browser) : IClassFixture<AppPageBrowser>
{
    private const int GraceSeconds = 6;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan VideoBack = TimeSpan.FromSeconds(3);
    private const string VideoWidth = "document.getElementById('remote-video')?.videoWidth ?? 0";

    public enum Departure
    {
        /// <summary>The page is reloaded: it leaves on the way out (R25), the new page pairs afresh.</summary>
        Reload,

        /// <summary>The tab is closed and the page opened again at once.</summary>
        CloseAndReopen,

        /// <summary>The tab dies without a leave (socket gone, as when a phone kills it) and is reloaded within the grace: R30 resumes the slot for a page with nothing to resume.</summary>
        VanishAndReloadWithinGrace,

        /// <summary>The tab dies without a leave and is opened again after the grace ran out (R30: the glasses were told it disconnected).</summary>
        VanishAndReopenAfterGrace,
    }

    [Theory]
    [InlineData(true, Departure.Reload)]
    [InlineData(false, Departure.Reload)]
    [InlineData(true, Departure.CloseAndReopen)]
    [InlineData(false, Departure.CloseAndReopen)]
    [InlineData(true, Departure.VanishAndReloadWithinGrace)]
    [InlineData(false, Departure.VanishAndReloadWithinGrace)]
    [InlineData(true, Departure.VanishAndReopenAfterGrace)]
    [InlineData(false, Departure.VanishAndReopenAfterGrace)]
    public async Task PageGoneAndBack_VideoPlaysAgainWithinThreeSeconds(bool deviceJoinsFirst, Departure departure)
    {
        var uid = $"e2e_{(deviceJoinsFirst ? "dev" : "page")}_{departure}".ToLowerInvariant();
        var log = new List<string>();
        await using var server = await ServerProcess.StartAsync(graceSeconds: GraceSeconds);
        var appUri = new Uri(server.HttpUri, "app?id=app_" + uid);
        ChildProcess? device = deviceJoinsFirst ? await StartDeviceAsync(server, uid) : null;
        var page = await browser.OpenAsync(appUri, log);
        try
        {
            if (device is null)
            {
                await WaitForAsync(page, "tandemApp.state().signaling", s => s.GetString() == "joined", "the page to join", log, null, Wait);
                device = await StartDeviceAsync(server, uid);
            }

            await WaitForAsync(page, VideoWidth, w => w.GetDouble() > 0, "the first video", log, device, Wait);
            var gone = DateTime.UtcNow;
            DateTime back;
            switch (departure)
            {
                case Departure.Reload:
                    back = DateTime.UtcNow;
                    await page.ReloadAsync();
                    break;
                case Departure.CloseAndReopen:
                    await page.Context.CloseAsync();
                    back = DateTime.UtcNow;
                    page = await browser.OpenAsync(appUri, log);
                    break;
                case Departure.VanishAndReloadWithinGrace:
                    await page.EvaluateAsync("tandemApp.dropSignaling(false)");
                    back = DateTime.UtcNow;
                    await page.ReloadAsync();
                    break;
                default:
                    await page.EvaluateAsync("tandemApp.dropSignaling(false)");
                    await page.Context.CloseAsync();
                    await device.WaitForLineAsync(l => l == $"peer left: app_{uid} (disconnected)", "the grace running out", Wait, after: gone);
                    back = DateTime.UtcNow;
                    page = await browser.OpenAsync(appUri, log);
                    break;
            }

            await WaitForAsync(page, VideoWidth, w => w.GetDouble() > 0, "the video again", log, device, Wait);
            var took = DateTime.UtcNow - back;
            var events = await AppPageBrowser.EvaluateAsync(page, "tandemApp.events()");
            Assert.True(took <= VideoBack, $"video came back {took.TotalSeconds:0.00} s after the page came back (at most {VideoBack.TotalSeconds} s; " +
                $"it came back at {new DateTimeOffset(back).ToUnixTimeMilliseconds()} ms since 1970)\npage events: {events}\n{device.Transcript()}");

            // A page that leaves on the way out pairs afresh; one that vanished finds its slot held within the grace only.
            var pairing = events.EnumerateArray().Select(e => e.GetProperty("text").GetString()!).First(IsPairing);
            var resumed = departure == Departure.VanishAndReloadWithinGrace;
            Assert.True(pairing.StartsWith(resumed ? "pairing resumed" : "paired with", StringComparison.Ordinal), $"first pairing event: {pairing}\npage events: {events}");
            if (departure is Departure.Reload or Departure.CloseAndReopen)
            {
                Assert.Contains($"peer left: app_{uid} (left)", device.Lines);
            }
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
        var device = Device(server, uid, "--video", "testsrc", "--size", "640x360", "--bitrate", "800");
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
        return device;
    }

    private static bool IsPairing(string text) =>
        text.StartsWith("pairing resumed", StringComparison.Ordinal) || text.StartsWith("paired with", StringComparison.Ordinal);

    private static Task<JsonElement> WaitForAsync(IPage page, string expression, Func<JsonElement, bool> condition, string what, List<string> log, ChildProcess? device, TimeSpan timeout) =>
        AppPageBrowser.WaitForAsync(page, expression, condition, what, log, device, timeout);
}
