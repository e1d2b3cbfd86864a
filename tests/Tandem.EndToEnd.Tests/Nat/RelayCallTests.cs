using Microsoft.Playwright;
using Tandem.EndToEnd.Tests.Browser;
using Tandem.Testing.Processes;
using Tandem.Testing;
using static Tandem.EndToEnd.Tests.Browser.DeviceAppPageTests;

namespace Tandem.EndToEnd.Tests.Nat;

/// <summary>
/// Calls that can only work through TURN: the glasses and the app each behind their own NAT with
/// endpoint-dependent mappings (scripts/nattest.sh), coturn and the signaling server on the "internet"
/// between them, the credentials issued by the server in the role message (or static ones). Each test
/// checks that the selected pair is relayed on both sides.
/// </summary>
[Trait("Category", "Nat")]
public class RelayCallTests(NatTopology nat) : IClassFixture<NatTopology>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeviceAndPage_BehindSymmetricNats_RelayedVideoAudioBothWaysAndChat(bool deviceJoinsFirst)
    {
        var uid = deviceJoinsFirst ? "nat_page_device_first" : "nat_page_page_first";
        var log = new List<string>();
        using var playwright = await Playwright.CreateAsync();
        var launch = ChromiumLaunch.Options();
        launch.ExecutablePath = nat.ChromiumInAppNamespace();
        launch.Args = [.. launch.Args!, $"--unsafely-treat-insecure-origin-as-secure=http://{NatTopology.PublicAddress}:8000"];
        await using var browser = await playwright.Chromium.LaunchAsync(launch);
        ChildProcess? device = null;
        try
        {
            if (deviceJoinsFirst)
            {
                device = await StartDeviceAsync(uid);
            }

            var page = await (await browser.NewContextAsync()).NewPageAsync();
            page.Console += (_, message) => { lock (log) { log.Add($"console.{message.Type}: {message.Text}"); } };
            await page.GotoAsync(new Uri(nat.Server, $"/app?id=app_{uid}").ToString().Replace("ws://", "http://", StringComparison.Ordinal));
            if (!deviceJoinsFirst)
            {
                await WaitForAsync(page, "tandemApp.state()", s => s.GetProperty("signaling").GetString() == "joined", "the page to join", log, device);
                device = await StartDeviceAsync(uid);
            }

            // ≥ 250 frames decoded in 10 s, once video flows.
            var first = await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "video", "framesDecoded") > 10, "video through the relay", log, device);
            var startedAt = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(10));
            var tenSecondsLater = await AppPageBrowser.EvaluateAsync(page, "tandemApp.stats()");
            var decoded = Number(tenSecondsLater, "video", "framesDecoded") - Number(first, "video", "framesDecoded");
            Assert.True(decoded >= 250, $"{decoded} frames decoded in {(DateTime.UtcNow - startedAt).TotalSeconds:0.0} s through TURN\n{device!.Transcript()}");

            // The selected pair goes through the relay: host and server-reflexive pairs cannot work here (one relayed end is
            // enough: the other side's host socket reaches the relay through its NAT, as a peer-reflexive candidate).
            var types = tenSecondsLater.GetProperty("candidateTypes");
            Assert.True(types.GetProperty("local").GetString() == "relay" || types.GetProperty("remote").GetString() == "relay", $"page pair {types}");
            await device!.WaitForLineAsync(IsRelayedPath, "a relayed selected pair", Wait);

            await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "audioIn", "packetsReceived") > 50 && Number(s, "audioIn", "totalAudioEnergy") > 0,
                "the glasses' audio playing", log, device);
            await WaitForAsync(page, "tandemApp.stats()", s => Number(s, "audioOut", "packetsSent") > 50, "the page sending audio", log, device);
            await device.WaitForLineAsync(l => l.StartsWith("status: connected", StringComparison.Ordinal)
                && !l.Contains(" 0 kbit/s in", StringComparison.Ordinal), "the page's audio arriving", Wait);

            await page.FillAsync("#chat-input", "hello through the relay");
            await page.ClickAsync("#chat-send");
            await device.WaitForLineAsync(l => l == "data: hello through the relay", "the chat line", Wait);
            await page.Locator("#chat-log li", new PageLocatorOptions { HasText = "echo: hello through the relay" }).First
                .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)Wait.TotalMilliseconds });
        }
        finally
        {
            if (device is not null)
            {
                await device.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeviceAndApp_BehindSymmetricNats_RelayedCallWithServerIssuedCredentials(bool deviceJoinsFirst)
    {
        var uid = deviceJoinsFirst ? "nat_app_device_first" : "nat_app_app_first";
        var directory = Tandem.Testing.Processes.Tandem.NewDirectory("nat");

        // One side also asks for relay-only (W3C iceTransportPolicy "relay"); the topology forces it on the other.
        string[] appArgs = ["--record", directory, "--seconds", "10", "--send", "hello 1", .. deviceJoinsFirst ? ["--ice-transport-policy", "relay"] : Array.Empty<string>()];
        ChildProcess? device = null;
        ChildProcess? app = null;
        try
        {
            if (deviceJoinsFirst)
            {
                device = await StartDeviceAsync(uid, ["--play", Path.Combine(directory, "at-device.wav")]);
                app = StartApp(nat.Server, uid, appArgs);
            }
            else
            {
                app = StartApp(nat.Server, uid, appArgs);
                await app.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
                device = await StartDeviceAsync(uid, ["--play", Path.Combine(directory, "at-device.wav")]);
            }

            var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(90));

            var transcript = app.Transcript() + "\n" + device.Transcript();
            Assert.True(code == 0, $"app exit code {code}\n{transcript}");
            var (frames, errors) = FfmpegTool.CountDecodedFrames(Path.Combine(directory, "video.h264"));
            Assert.True(frames >= 250, $"ffprobe decoded {frames} frames in 10 s through TURN ({errors})\n{transcript}");
            var (seconds, rms) = MediaChecks.Wav(Path.Combine(directory, "audio.wav"));
            Assert.True(seconds > 9 && rms > 1000, $"the app heard {seconds:0.0} s of the glasses' tone at RMS {rms:0}\n{transcript}");
            Assert.True(app.Lines.Contains("data: echo: hello 1"), "no echo\n" + transcript);
            Assert.True(app.Lines.Any(IsRelayedPath), "the app's path is not relayed\n" + transcript);
            Assert.True(device.Lines.Any(IsRelayedPath), "the device's path is not relayed\n" + transcript);
            if (deviceJoinsFirst)
            {
                // The relay-only app gathered nothing but its relayed candidate.
                Assert.True(app.Lines.Any(l => l.StartsWith("path: relay ", StringComparison.Ordinal)), "the relay-only app's local candidate is not relayed\n" + transcript);
            }
            await device.StopAsync(Wait);
            var (heard, heardRms) = MediaChecks.Wav(Path.Combine(directory, "at-device.wav"));
            Assert.True(heard > 8 && heardRms > 1000, $"the device heard {heard:0.0} s of the app's tone at RMS {heardRms:0}");
        }
        finally
        {
            await DisposeAsync(app, device);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task StaticCredentials_TurnOverTcpAndTlsOn443WithPrivateCa_RelayedCallWhileTheAppsFirewallDropsUdp()
    {
        const string uid = "nat_static_tls";
        var expiry = DateTimeOffset.UtcNow.AddMinutes(10);
        var (glassesUser, glassesPassword) = nat.Credentials("glasses_" + uid, expiry);
        var (appUser, appPassword) = nat.Credentials("app_" + uid, expiry);
        ChildProcess? device = null;
        ChildProcess? app = null;
        Assert.True(await nat.AppReachesCoturnOverUdpAsync(), "coturn does not answer STUN over UDP from the app's LAN even before blocking it");
        await using var noUdp = await nat.BlockUdpFromAppAsync();
        Assert.False(await nat.AppReachesCoturnOverUdpAsync(), "the app's router still lets UDP out");
        try
        {
            device = StartDevice(nat.PlainServer, uid, ["--ice-server", $"turn:{NatTopology.PublicAddress}:3478?transport=tcp",
                "--ice-username", glassesUser, "--ice-credential", glassesPassword, "--ice-transport-policy", "relay"]);
            await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
            app = StartApp(nat.PlainServer, uid, ["--seconds", "3", "--ice-server", $"turns:{NatTopology.PublicAddress}:{NatTopology.TlsPort}",
                "--ice-username", appUser, "--ice-credential", appPassword, "--ice-ca", nat.CaFile, "--ice-transport-policy", "relay"]);

            var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(90));

            var transcript = app.Transcript() + "\n" + device.Transcript();
            Assert.True(code == 0, $"app exit code {code}\n{transcript}");
            Assert.True(app.Lines.Any(l => l.StartsWith("path: relay ", StringComparison.Ordinal)), "the app's path is not relayed\n" + transcript);
            Assert.True(app.Lines.Any(l => MediaChecks.StatusFps(l) > 10), "no video at the app\n" + transcript);
        }
        finally
        {
            await DisposeAsync(app, device);
        }
    }

    [Theory]
    [InlineData("expired", "refused the credentials")]
    [InlineData("wrong secret", "refused the credentials")]
    [InlineData("untrusted certificate", "TLS certificate was refused")]
    public async Task BadTurnCredentialsOrCertificate_RelayOnly_FailsWithAClearMessage(string fault, string message)
    {
        var uid = "nat_bad_" + fault.Replace(' ', '_');
        var (glassesUser, glassesPassword) = nat.Credentials("glasses_" + uid, DateTimeOffset.UtcNow.AddMinutes(10));
        var (appUser, appPassword) = fault switch
        {
            "expired" => nat.Credentials("app_" + uid, DateTimeOffset.UtcNow.AddMinutes(-10)),
            "wrong secret" => nat.Credentials("app_" + uid, DateTimeOffset.UtcNow.AddMinutes(10), secret: "not-the-secret"),
            _ => nat.Credentials("app_" + uid, DateTimeOffset.UtcNow.AddMinutes(10)),
        };
        string[] server = fault == "untrusted certificate"
            ? ["--ice-server", $"turns:{NatTopology.PublicAddress}:{NatTopology.TlsPort}", "--ice-ca", nat.OtherCaFile]
            : ["--ice-server", $"turn:{NatTopology.PublicAddress}:3478"];
        ChildProcess? device = null;
        ChildProcess? app = null;
        try
        {
            device = StartDevice(nat.PlainServer, uid, ["--ice-server", $"turn:{NatTopology.PublicAddress}:3478",
                "--ice-username", glassesUser, "--ice-credential", glassesPassword]);
            await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
            app = StartApp(nat.PlainServer, uid, [.. server, "--ice-username", appUser, "--ice-credential", appPassword,
                "--ice-transport-policy", "relay", "--timeout", "30"]);

            // The refusal is reported as it happens, long before the timeout; then the run ends with exit code 6.
            await app.WaitForLineAsync(l => l.StartsWith("stderr: tandem: ", StringComparison.Ordinal) && l.Contains(message, StringComparison.Ordinal),
                $"an error saying '{message}'", Wait);
            var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(code == 6, $"app exit code {code}, expected 6 (paired, connection failed)\n{app.Transcript()}\n{device.Transcript()}");
        }
        finally
        {
            await DisposeAsync(app, device);
        }
    }

    private static Task<System.Text.Json.JsonElement> WaitForAsync(IPage page, string expression, Func<System.Text.Json.JsonElement, bool> condition, string what,
        List<string> log, ChildProcess? device) =>
        AppPageBrowser.WaitForAsync(page, expression, condition, what, log, device, Wait);

    /// <summary>A "path: LOCAL ADDRESS -> REMOTE ADDRESS" line of the CLI with a relayed candidate at either end.</summary>
    private static bool IsRelayedPath(string line) =>
        line.StartsWith("path: ", StringComparison.Ordinal) && (line.StartsWith("path: relay ", StringComparison.Ordinal) || line.Contains("-> relay ", StringComparison.Ordinal));

    private async Task<ChildProcess> StartDeviceAsync(string uid, string[]? extra = null)
    {
        var device = StartDevice(nat.Server, uid, ["--video", "testsrc", "--size", "640x360", "--bitrate", "800", "--echo", .. extra ?? []]);
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
        return device;
    }

    private ChildProcess StartDevice(Uri server, string uid, string[] args) =>
        NatTopology.StartIn(nat.GlassesNamespace, "device " + uid, Binaries.Tandem, ["device", "--server", server.ToString(), "--id", "glasses_" + uid, .. args]);

    private ChildProcess StartApp(Uri server, string uid, string[] args) =>
        NatTopology.StartIn(nat.AppNamespace, "app " + uid, Binaries.Tandem, ["app", "--server", server.ToString(), "--id", "app_" + uid, .. args]);

    private static async Task DisposeAsync(params ChildProcess?[] processes)
    {
        foreach (var process in processes)
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }
    }
}
