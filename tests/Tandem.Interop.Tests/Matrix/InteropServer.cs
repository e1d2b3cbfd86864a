using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Matrix;

/// <summary>One signaling server per test class: every cell pairs in a room of its own uid.</summary>
public sealed class InteropServer : IAsyncLifetime
{
    private ServerProcess? _server;

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        Tandem.Testing.AppPageBrowser.RequireTestNamespace();
        _server = await ServerProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
