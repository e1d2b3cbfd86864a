using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tandem.Load.Relay;

/// <summary>
/// The transport ceiling: a minimal Kestrel WebSocket relay. A connection's first text frame is its
/// pair key; when the second connection with that key arrives both get <c>{"type":"paired"}</c>,
/// and from then on every frame is copied verbatim to the partner, unparsed.
/// </summary>
public sealed class RelayBaseline : IAsyncDisposable
{
    private static readonly byte[] Paired = Encoding.UTF8.GetBytes("{\"type\":\"paired\"}");
    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private WebApplication? _app;

    /// <summary>Starts listening on <paramref name="address"/>:<paramref name="port"/> (0 = any free port); returns the port.</summary>
    public async Task<int> StartAsync(IPAddress address, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(HandleAsync);
        await _app.StartAsync(ct).ConfigureAwait(false);
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(bound).Port;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var buffer = new byte[4096];
        var first = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted).ConfigureAwait(false);
        if (first.MessageType != WebSocketMessageType.Text || !first.EndOfMessage)
        {
            return;
        }

        var key = Encoding.UTF8.GetString(buffer, 0, first.Count);
        var self = new Waiting(socket);
        WebSocket partner;
        if (_waiting.TryRemove(key, out var other))
        {
            // The second arrival tells both, then hands itself to the first: from here each socket
            // has exactly one writer, its partner's loop, so sends never overlap.
            await other.Socket.SendAsync(Paired, WebSocketMessageType.Text, true, context.RequestAborted).ConfigureAwait(false);
            await socket.SendAsync(Paired, WebSocketMessageType.Text, true, context.RequestAborted).ConfigureAwait(false);
            other.Partner.TrySetResult(socket);
            partner = other.Socket;
        }
        else if (_waiting.TryAdd(key, self))
        {
            try
            {
                partner = await self.Partner.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            finally
            {
                _waiting.TryRemove(KeyValuePair.Create(key, self));
            }
        }
        else
        {
            return;
        }

        await ForwardAsync(socket, partner, buffer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ForwardAsync(WebSocket from, WebSocket to, byte[] buffer, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await from.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await from.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(false);
                    return;
                }

                if (to.State == WebSocketState.Open)
                {
                    await to.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    private sealed class Waiting(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;

        public TaskCompletionSource<WebSocket> Partner { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
