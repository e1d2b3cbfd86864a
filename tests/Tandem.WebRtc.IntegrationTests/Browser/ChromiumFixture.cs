using System.Net;
using Microsoft.Playwright;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// One headless Debian Chromium and one page server, shared by every test class in the
/// <see cref="ChromiumCollection"/>. Fails (does not skip) outside the test network namespace.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Debian's package; Playwright's own browser downloads are never used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream=fps=30", "--autoplay-policy=no-user-gesture-required",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PageServer? _server;

    /// <summary>The 10.77.0.x addresses of the test namespace (where ICE candidates come from).</summary>
    public IReadOnlyList<IPAddress> TestHosts { get; private set; } = [];

    public async Task InitializeAsync()
    {
        TestHosts = TestNetwork.RequireTestNamespace();
        _server = PageServer.Start(Path.Combine(AppContext.BaseDirectory, "Browser", "Pages"));
        _playwright = await Playwright.CreateAsync();
        // Playwright gives each launch a fresh temporary user-data dir and deletes it on close.
        // It also passes --mute-audio by default, which is left out: remote audio must really play.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            IgnoreDefaultArgs = ["--mute-audio"],
        });
    }

    /// <summary>Opens a new page (own browser context) on the test page.</summary>
    public Task<BrowserPeer> OpenPeerAsync()
    {
        if (_browser is null || _server is null)
        {
            throw new InvalidOperationException("the Chromium fixture is not initialised");
        }

        return BrowserPeer.OpenAsync(_browser, new Uri(_server.BaseUri, "peer.html"));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test classes that drive Chromium share one browser: <c>[Collection(ChromiumCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
