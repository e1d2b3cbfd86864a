using System.Net;
using Microsoft.Playwright;
using Tandem.Testing;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// One headless Debian Chromium and one page server, shared by every test class in the
/// <see cref="ChromiumCollection"/>. Fails (does not skip) outside the test network namespace.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
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
        _browser = await _playwright.Chromium.LaunchAsync(ChromiumLaunch.Options());
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
