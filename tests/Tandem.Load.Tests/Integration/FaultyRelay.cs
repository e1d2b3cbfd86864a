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

namespace Tandem.Load.Tests.Integration;

/// <summary>What <see cref="FaultyRelay"/> does to message 3 of each pair's glasses stream.</summary>
public enum RelayFault
{
    /// <summary>Never forwards it.</summary>
    Drop,

    /// <summary>Forwards it twice.</summary>
    Duplicate,

    /// <summary>Sends it back to its sender instead of the partner.</summary>
    Echo,
}

/// <summary>The relay-baseline protocol (pair key first, then <c>paired</c>, then frames copied) with one fault per pair.</summary>
internal sealed class FaultyRelay(RelayFault fault) : IAsyncDisposable
{
    // SignalData writes the tag fields in this order; the glasses (first joiner) are side 0.
    private static readonly byte[] Victim = Encoding.UTF8.GetBytes("\"lt_side\":0,\"lt_seq\":3,");
    private static readonly byte[] Paired = Encoding.UTF8.GetBytes("{\"type\":\"paired\"}");
    private readonly ConcurrentDictionary<string, Member> _waiting = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public async Task<int> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        return new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var self = new Member(socket);
        var buffer = new byte[64 * 1024];
        var join = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
        var key = Encoding.UTF8.GetString(buffer, 0, join.Count);
        Member partner;
        if (_waiting.TryRemove(key, out var first))
        {
            first.Partner.TrySetResult(self);
            partner = first;
            await partner.SendAsync(Paired, context.RequestAborted);
            await self.SendAsync(Paired, context.RequestAborted);
        }
        else
        {
            _waiting[key] = self;
            partner = await self.Partner.Task.WaitAsync(context.RequestAborted);
        }

        try
        {
            while (true)
            {
                // A message may arrive in parts (ReceiveAsync returns what TCP has delivered so far): look at it
                // and forward it only whole, or a part would miss the victim's tag and be sent as a message of its own.
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }

                var frame = buffer.AsMemory(0, length);
                var victim = frame.Span.IndexOf(Victim) >= 0;
                if (victim && fault == RelayFault.Drop)
                {
                    continue;
                }

                await (victim && fault == RelayFault.Echo ? self : partner).SendAsync(frame, context.RequestAborted);
                if (victim && fault == RelayFault.Duplicate)
                {
                    await partner.SendAsync(frame, context.RequestAborted);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private sealed class Member(WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public TaskCompletionSource<Member> Partner { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
        {
            await _send.WaitAsync(ct);
            try
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
