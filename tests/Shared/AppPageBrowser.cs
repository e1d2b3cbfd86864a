using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;

namespace Tandem.Testing;

/// <summary>
/// Debian's headless Chromium (Playwright, never its own browser downloads) with a fake camera and
/// microphone, for opening the server's <c>/app</c> page. WebRTC to a browser needs the test network
/// namespace of scripts/testnet.sh (Chromium gathers no loopback candidates): the fixture fails outside it.
/// </summary>
public class AppPageBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public virtual async Task InitializeAsync()
    {
        RequireTestNamespace();
        _playwright = await Playwright.CreateAsync();

        _browser = await _playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    /// <summary>How Chromium is launched; a derived fixture may add flags.</summary>
    protected virtual BrowserTypeLaunchOptions LaunchOptions() => ChromiumLaunch.Options();

    /// <summary>
    /// Opens <paramref name="uri"/> in a new browser context; page console lines go to <paramref name="log"/>.
    /// <paramref name="prepare"/> runs on the context first (init scripts, routes).
    /// </summary>
    public async Task<IPage> OpenAsync(Uri uri, List<string> log, Func<IBrowserContext, Task>? prepare = null)
    {
        var context = await (_browser ?? throw new InvalidOperationException("not initialised")).NewContextAsync();
        if (prepare is not null)
        {
            await prepare(context);
        }

        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            lock (log)
            {
                log.Add($"console.{message.Type}: {message.Text}");
            }
        };
        await page.GotoAsync(uri.ToString());
        return page;
    }

    /// <summary>Evaluates a <c>window.tandemApp</c> expression and returns its value as JSON.</summary>
    public static async Task<JsonElement> EvaluateAsync(IPage page, string expression)
    {
        var json = await page.EvaluateAsync<string>($"() => JSON.stringify({expression} ?? null)");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Polls <paramref name="expression"/> (a <c>window.tandemApp</c> call, or any page expression) every
    /// 100 ms until <paramref name="condition"/> holds; on timeout the failure shows the page's events,
    /// its console and the device's transcript.
    /// </summary>
    internal static async Task<JsonElement> WaitForAsync(IPage page, string expression, Func<JsonElement, bool> condition, string what,
        List<string> log, ChildProcess? device, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await EvaluateAsync(page, expression);
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                var events = await EvaluateAsync(page, "window.tandemApp?.events()");
                string console;
                lock (log)
                {
                    console = string.Join('\n', log);
                }

                throw new TimeoutException($"timed out waiting for {what}; last {expression}: {value}\npage events: {events}\n{console}\n{device?.Transcript()}");
            }

            await Task.Delay(100);
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>Fails unless this process runs in the test network namespace of scripts/testnet.sh (and only there).</summary>
    public static void RequireTestNamespace()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => !a.IsIPv6LinkLocal && !System.Net.IPAddress.IsLoopback(a))
            .ToList();
        var testHosts = addresses.Count(a => a.AddressFamily == AddressFamily.InterNetwork && a.ToString().StartsWith("10.77.0.", StringComparison.Ordinal));
        if (testHosts == 0 || testHosts != addresses.Count)
        {
            throw new InvalidOperationException(
                "Browser tests must run inside the test network namespace (veth hosts 10.77.0.1/10.77.0.2 only): found " +
                $"[{string.Join(", ", addresses)}]. Build first, then: TANDEM_NETNS=tdm-x bash scripts/testnet.sh up; " +
                "TANDEM_NETNS=tdm-x bash scripts/testnet.sh exec dotnet test tests/<the test project> -c Release --no-build " +
                "--filter Category=Browser; TANDEM_NETNS=tdm-x bash scripts/testnet.sh down.");
        }
    }
}
