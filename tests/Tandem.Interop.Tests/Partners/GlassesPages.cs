using Tandem.Testing;

namespace Tandem.Interop.Tests.Partners;

/// <summary>The class fixture serving Chromium's glasses page (<see cref="ChromiumGlassesPages"/>) for a test class.</summary>
public sealed class GlassesPages : IAsyncLifetime
{
    private ChromiumGlassesPages? _pages;

    public Uri BaseUri => _pages?.BaseUri ?? throw new InvalidOperationException("not initialised");

    public Task InitializeAsync()
    {
        _pages = new ChromiumGlassesPages();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_pages is not null)
        {
            await _pages.DisposeAsync();
        }
    }
}
