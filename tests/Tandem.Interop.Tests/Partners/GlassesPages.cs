using Tandem.Testing;
using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Partners;

/// <summary>
/// Serves Chromium's glasses page from a loopback origin of its own: interop/chromium/glasses.html and
/// glasses.js with the /app page's signaling.js and sdp.js (web/app/), copied side by side. A page
/// fulfilled by a Playwright route would count as a public origin, whose WebSocket to loopback Chromium blocks.
/// </summary>
public sealed class GlassesPages : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tandem-interop-pages-" + Guid.NewGuid().ToString("N")[..12]);
    private PageServer? _server;

    public Uri BaseUri => _server?.BaseUri ?? throw new InvalidOperationException("not initialised");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        foreach (var (folder, name) in new[] { ("interop/chromium", "glasses.html"), ("interop/chromium", "glasses.js"), ("web/app", "signaling.js"), ("web/app", "sdp.js") })
        {
            File.Copy(Path.Combine(Binaries.RepositoryRoot, folder, name), Path.Combine(_root, name));
        }

        _server = PageServer.Start(_root);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
