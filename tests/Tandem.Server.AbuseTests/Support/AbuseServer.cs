using Tandem.Server.Tests.TestSupport;
using Tandem.Signaling.Hub;

namespace Tandem.Server.AbuseTests.Support;

/// <summary>
/// The real server on loopback for one scenario, and what every scenario ends with: no error or
/// exception logged, the counters back where they were (connections, rooms, queued messages,
/// recomputed from the state too), and a probe pair that joins, pairs and forwards.
/// </summary>
internal sealed class AbuseServer : IAsyncDisposable
{
    // A server the hub closed a socket of gives it 5 s to finish (WebSocketConnection), then aborts it.
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);
    private int _probes;

    private AbuseServer(ServerHost host) => Host = host;

    public ServerHost Host { get; }

    public SignalingHub Hub => Host.Hub;

    public int Port => Host.Port;

    /// <summary>Starts a server; <paramref name="settings"/> are <c>Key=Value</c> under <c>Signaling:</c>.</summary>
    public static async Task<AbuseServer> StartAsync(params string[] settings)
    {
        // Information: a Debug line per forwarded message would make the log the load.
        var args = settings.Select(s => "--Signaling:" + s).Append("--Logging:LogLevel:Default=Information");
        return new AbuseServer(await ServerHost.StartWithArgsAsync(args));
    }

    /// <summary>
    /// Waits until only <paramref name="open"/> connections in <paramref name="rooms"/> rooms remain
    /// with nothing queued, checks the invariants and the log, then runs a probe pair.
    /// </summary>
    public async Task AssertHealthyAsync(int open = 0, int rooms = 0)
    {
        await SettledAsync(open, rooms);
        Assert.Empty(Hub.CheckInvariants());
        AssertLogClean();
        await ProbeAsync();
        await SettledAsync(open, rooms);
        AssertLogClean();
    }

    /// <summary>No line at Error or Critical level, none with an exception.</summary>
    public void AssertLogClean()
    {
        var failures = Host.Logs.Failures.ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    /// <summary>A fresh pair joins, gets its roles, and forwards an offer and an answer.</summary>
    public async Task ProbeAsync()
    {
        var uid = "probe" + ++_probes;
        await using var glasses = await Host.ConnectAsync();
        await using var app = await Host.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_" + uid));
        await Wait.UntilAsync(() => Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_" + uid), SettleLimit, () => "the probe's room was never created");
        await app.SendAsync(Messages.Join("app_" + uid));
        Assert.Equal("offerer", (await glasses.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("answerer", (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
        await glasses.SendAsync(Messages.Relay("offer", "glasses_" + uid, "app_" + uid));
        Assert.Equal("room_" + uid, (await app.ReceiveAsync("offer")).GetProperty("room_id").GetString());
        await app.SendAsync(Messages.Relay("answer", "app_" + uid, "glasses_" + uid));
        await glasses.ReceiveAsync("answer");
        await app.SendAsync(Messages.Leave("app_" + uid));
        await glasses.ReceiveAsync("leave");
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    private Task SettledAsync(int open, int rooms) => Wait.UntilAsync(
        () => Hub.ConnectionCount == open && Hub.QueuedMessages == 0 && Hub.GetStatus().Rooms.Count == rooms,
        SettleLimit,
        () => $"{Hub.ConnectionCount} connections (expected {open}), {Hub.GetStatus().Rooms.Count} rooms (expected {rooms}), {Hub.QueuedMessages} messages queued");
}
