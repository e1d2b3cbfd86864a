using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>
/// The signaling server plus a headless Chromium for app pages (the glasses' pages come from the
/// shared <see cref="ChromiumFixture"/>). Fails (does not skip) outside the test network namespace.
/// </summary>
public sealed class AppPageFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running server.</summary>
    public AppServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TestNetwork.RequireTestNamespace();
        Server = await AppServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(ChromiumLaunch.Options());
    }

    /// <summary>Opens <c>/app?id=<paramref name="appId"/></c> in a new browser context.</summary>
    public Task<AppPageSession> OpenAppAsync(string appId, int width = 1280, int height = 900) =>
        OpenAsync(Server.AppUri(appId), width, height);

    /// <summary>Opens <paramref name="uri"/> (e.g. <c>/app</c> without an id) in a new browser context.</summary>
    public Task<AppPageSession> OpenAsync(Uri uri, int width = 1280, int height = 900) =>
        AppPageSession.OpenAsync(_browser ?? throw new InvalidOperationException("the fixture is not initialised"), uri, width, height);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
