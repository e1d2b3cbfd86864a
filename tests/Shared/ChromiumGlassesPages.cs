using Tandem.Testing.Processes;

namespace Tandem.Testing;

/// <summary>
/// Chromium's glasses page — interop/chromium/glasses.html and glasses.js with the /app page's signaling.js
/// and sdp.js (web/app/), copied side by side — served from a loopback origin of its own: a page fulfilled by
/// a Playwright route would count as a public origin, whose WebSocket to loopback Chromium blocks.
/// </summary>
internal sealed class ChromiumGlassesPages : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tandem-glasses-pages-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly PageServer _server;

    /// <summary>Serves the pages on <paramref name="address"/> (loopback by default).</summary>
    public ChromiumGlassesPages(System.Net.IPAddress? address = null)
    {
        Directory.CreateDirectory(_root);
        foreach (var (folder, name) in new[] { ("interop/chromium", "glasses.html"), ("interop/chromium", "glasses.js"), ("web/app", "signaling.js"), ("web/app", "sdp.js") })
        {
            File.Copy(Path.Combine(Binaries.RepositoryRoot, folder, name), Path.Combine(_root, name));
        }

        _server = PageServer.Start(_root, address);
    }

    /// <summary>Where glasses.html is served: open <c>glasses.html?id=glasses_&lt;uid&gt;&amp;ws=&lt;server's WebSocket URL&gt;</c> under it.</summary>
    public Uri BaseUri => _server.BaseUri;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
