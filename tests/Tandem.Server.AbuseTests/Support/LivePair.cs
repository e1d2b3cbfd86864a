using System.Text.Json;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.AbuseTests.Support;

/// <summary>
/// A paired glasses and app that forward numbered ice messages both ways while an attack runs beside
/// them (R22): each side must get every number the other sent, once, in order, and nothing else.
/// </summary>
internal sealed class LivePair : IAsyncDisposable
{
    private readonly WsClient _glasses;
    private readonly WsClient _app;
    private readonly string _uid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int>[] _senders;

    private LivePair(WsClient glasses, WsClient app, string uid, TimeSpan interval)
    {
        _glasses = glasses;
        _app = app;
        _uid = uid;
        _senders = [SendAsync(glasses, "glasses_" + uid, "app_" + uid, interval), SendAsync(app, "app_" + uid, "glasses_" + uid, interval)];
    }

    public static async Task<LivePair> StartAsync(AbuseServer server, string uid = "live", int intervalMs = 2)
    {
        var glasses = await server.Host.ConnectAsync();
        var app = await server.Host.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_" + uid));
        await Wait.UntilAsync(() => server.Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_" + uid), TimeSpan.FromSeconds(20), () => "the live pair's room was never created");
        await app.SendAsync(Messages.Join("app_" + uid));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");
        return new LivePair(glasses, app, uid, TimeSpan.FromMilliseconds(intervalMs));
    }

    /// <summary>Stops sending and checks what each side received: 0 lost, duplicated, reordered, no error.</summary>
    public async Task<int> StopAndAssertIntactAsync()
    {
        await _stop.CancelAsync();
        var sentByGlasses = await _senders[0];
        var sentByApp = await _senders[1];
        await AssertReceivedAsync(_app, sentByGlasses, "app");
        await AssertReceivedAsync(_glasses, sentByApp, "glasses");
        return sentByGlasses + sentByApp;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
        await _glasses.SendAsync(Messages.Leave("glasses_" + _uid));
        await _glasses.DisposeAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private static async Task AssertReceivedAsync(WsClient side, int expected, string name)
    {
        for (var n = 0; n < expected; n++)
        {
            JsonElement message;
            try
            {
                message = await side.ReceiveAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"the live {name} got {n} of {expected} messages");
                throw;
            }

            Assert.True(message.GetProperty("type").GetString() == "ice", $"the live {name} got {message} at {n}");
            Assert.Equal(n, message.GetProperty("n").GetInt32());
        }

        Assert.True(await side.NothingWithinAsync(TimeSpan.FromMilliseconds(100)), $"the live {name} got more than was sent");
    }

    private Task<int> SendAsync(WsClient client, string from, string to, TimeSpan interval) => Task.Run(async () =>
    {
        var sent = 0;
        while (!_stop.IsCancellationRequested)
        {
            await client.SendAsync(Messages.Relay("ice", from, to).With("n", sent));
            sent++;
            await Task.Delay(interval);
        }

        return sent;
    });
}
