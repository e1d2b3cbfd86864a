using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Server;
using Tandem.Signaling.Hub;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>
/// The real signaling server (Kestrel, <see cref="ServerApp.Build"/>) in-process on a free
/// 127.0.0.1 port: the app page comes from its http origin and signals over its /ws.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppServer(WebApplication app, int port)
    {
        _app = app;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The server's hub: what the admin page's actions call (close a room, disconnect a connection).</summary>
    public SignalingHub Hub => _app.Services.GetRequiredService<SignalingHub>();

    /// <summary>The server's origin, ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>The signaling endpoint (PROTOCOL.md R1: /ws).</summary>
    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    /// <summary>The app page for <paramref name="appId"/> (<c>/app?id=app_&lt;uid&gt;</c>).</summary>
    public Uri AppUri(string appId) => new(BaseUri, "app?id=" + Uri.EscapeDataString(appId));

    public static async Task<AppServer> StartAsync()
    {
        var port = FreePort();
        string[] args = [$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1"];
        var app = ServerApp.Build(args, builder => builder.Logging.ClearProviders());
        await app.StartAsync();
        return new AppServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
