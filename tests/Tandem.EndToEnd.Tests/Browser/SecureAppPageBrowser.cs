using System.Net;
using Microsoft.Playwright;
using Tandem.Testing;

namespace Tandem.EndToEnd.Tests.Browser;

/// <summary>
/// <see cref="AppPageBrowser"/> for an <c>https://</c> server: a test CA and a server certificate for the
/// test address <see cref="Address"/>, and Chromium told to accept that one certificate's key alone
/// (<c>--ignore-certificate-errors-spki-list</c>), so nothing else is trusted.
/// </summary>
public sealed class SecureAppPageBrowser : AppPageBrowser
{
    /// <summary>The test namespace's address the server listens on.</summary>
    public const string Address = "10.77.0.1";

    private TestPki? _pki;

    /// <summary>The CA and the server certificate.</summary>
    internal TestPki Pki => _pki ?? throw new InvalidOperationException("not initialised");

    public override Task InitializeAsync()
    {
        _pki = TestPki.Create(addresses: [IPAddress.Parse(Address)]);
        return base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _pki?.Dispose();
    }

    protected override BrowserTypeLaunchOptions LaunchOptions()
    {
        var options = base.LaunchOptions();
        options.Args = [.. options.Args ?? [], "--ignore-certificate-errors-spki-list=" + Pki.ServerSpkiHash()];
        return options;
    }
}
