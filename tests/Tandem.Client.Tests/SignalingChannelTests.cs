using System.Collections.Concurrent;
using System.Text.Json;
using Tandem.Client.Signaling;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Client.Tests;

public class SignalingChannelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static SignalingChannel Channel(ServerHost server, string id) => new(new SignalingChannelOptions
    {
        Server = server.WebSocketUri,
        DeviceId = id,
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
    });

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task Pair_RolesThenOfferAnswerIceRelayed()
    {
        await using var server = await ServerHost.StartAsync();
        await using var glasses = Channel(server, "glasses_123456");
        await using var app = Channel(server, "app_123456");
        var glassesRole = Next<RoleAssignment>(h => glasses.RoleAssigned += h);
        var appRole = Next<RoleAssignment>(h => app.RoleAssigned += h);
        var atApp = new BlockingCollection<PeerMessage>();
        var atGlasses = new BlockingCollection<PeerMessage>();
        app.PeerMessageReceived += atApp.Add;
        glasses.PeerMessageReceived += atGlasses.Add;

        await glasses.StartAsync();
        Assert.Equal(SignalingState.Joined, glasses.State);
        await TimerAndWait(() => server.Hub.GetStatus().Rooms.Count == 1);
        await app.StartAsync();
        Assert.Equal(new RoleAssignment(true, "app_123456", "room_123456", false), await glassesRole.WaitAsync(Wait));
        Assert.Equal(new RoleAssignment(false, "glasses_123456", "room_123456", false), await appRole.WaitAsync(Wait));
        Assert.Equal(SignalingState.Paired, app.State);

        await glasses.SendAsync(PeerMessageType.Offer, Json("""{"type":"offer","sdp":"v=0\r\n"}"""));
        Assert.True(atApp.TryTake(out var offer, Wait));
        Assert.Equal(PeerMessageType.Offer, offer.Type);
        Assert.Equal("glasses_123456", offer.From);
        Assert.Equal("v=0\r\n", offer.Data.GetProperty("sdp").GetString());

        await app.SendAsync(PeerMessageType.Answer, Json("""{"type":"answer","sdp":"v=0\r\n"}"""));
        await app.SendAsync(PeerMessageType.Ice, Json("""{"candidate":"candidate:1 1 udp 1 10.77.0.2 9 typ host","sdpMid":"0","sdpMLineIndex":0}"""));
        Assert.True(atGlasses.TryTake(out var answer, Wait));
        Assert.Equal(PeerMessageType.Answer, answer.Type);
        Assert.True(atGlasses.TryTake(out var ice, Wait));
        Assert.Equal("0", ice.Data.GetProperty("sdpMid").GetString());
    }

    [Fact]
    public async Task SendAsync_BeforePaired_ClearError()
    {
        await using var server = await ServerHost.StartAsync();
        await using var glasses = Channel(server, "glasses_1");
        await glasses.StartAsync();
        var e = await Assert.ThrowsAsync<SignalingException>(() => glasses.SendAsync(PeerMessageType.Offer, Json("{}")));
        Assert.Contains("wait for the role message", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ServerUnreachable_ClearError()
    {
        await using var server = await ServerHost.StartAsync();
        var uri = server.WebSocketUri;
        await server.StopAsync();
        await using var glasses = new SignalingChannel(new SignalingChannelOptions { Server = uri, DeviceId = "glasses_1", StartAttempts = 2, MinReconnectDelay = TimeSpan.FromMilliseconds(10) });
        var e = await Assert.ThrowsAsync<SignalingException>(() => glasses.StartAsync());
        Assert.Contains("cannot reach the signaling server", e.Message, StringComparison.Ordinal);
        Assert.Equal(SignalingState.Closed, glasses.State);
    }

    [Fact]
    public void Constructor_BadDeviceId_Throws() =>
        Assert.Throws<ArgumentException>(() => new SignalingChannel(new SignalingChannelOptions { Server = new Uri("ws://127.0.0.1:1/"), DeviceId = "phone_1" }));

    [Fact]
    public async Task TransportLost_ReconnectsWithinGrace_BothGetResumedRoles()
    {
        await using var server = await ServerHost.StartAsync();
        await using var glasses = Channel(server, "glasses_1");
        await using var app = Channel(server, "app_1");
        await PairAsync(server, glasses, app);

        var reconnecting = Next<SignalingState>(h => app.StateChanged += s => { if (s == SignalingState.Reconnecting) { h(s); } });
        var appResumed = Next<RoleAssignment>(h => app.RoleAssigned += h);
        var glassesResumed = Next<RoleAssignment>(h => glasses.RoleAssigned += h);
        app.AbortTransport();
        await reconnecting.WaitAsync(Wait);
        Assert.Equal(new RoleAssignment(false, "glasses_1", "room_1", true), await appResumed.WaitAsync(Wait));
        Assert.Equal(new RoleAssignment(true, "app_1", "room_1", true), await glassesResumed.WaitAsync(Wait));
        Assert.Equal(SignalingState.Paired, app.State);
    }

    [Fact]
    public async Task ServerRestart_BothReconnectAndPairAgain()
    {
        var server = await ServerHost.StartAsync();
        var port = server.Port;
        await using var glasses = Channel(server, "glasses_1");
        await using var app = Channel(server, "app_1");
        await PairAsync(server, glasses, app);

        var glassesAgain = Next<RoleAssignment>(h => glasses.RoleAssigned += h);
        var appAgain = Next<RoleAssignment>(h => app.RoleAssigned += h);
        await server.DisposeAsync();
        await using var restarted = await ServerHost.StartOnPortAsync(port);
        var role = await glassesAgain.WaitAsync(Wait);
        Assert.Equal("app_1", role.PeerId);
        Assert.Equal("glasses_1", (await appAgain.WaitAsync(Wait)).PeerId);
        Assert.Equal("PAIRED", restarted.Hub.GetStatus().Rooms.Single().State);
    }

    [Fact]
    public async Task Dispose_LeavesAndPeerIsTold()
    {
        await using var server = await ServerHost.StartAsync();
        await using var glasses = Channel(server, "glasses_1");
        var app = Channel(server, "app_1");
        var left = Next<PeerLeft>(h => glasses.PeerLeft += h);
        await PairAsync(server, glasses, app);
        await app.DisposeAsync();
        Assert.Equal(new PeerLeft("app_1", "left"), await left.WaitAsync(Wait));
        Assert.Equal(SignalingState.Joined, glasses.State);
        Assert.Equal(SignalingState.Closed, app.State);
    }

    [Fact]
    public async Task RoomTimeout_ChannelRejoinsAndKeepsWaiting()
    {
        await using var server = await ServerHost.StartAsync("RoomTimeoutSeconds=1");
        await using var glasses = Channel(server, "glasses_1");
        var timeout = Next<SignalingError>(h => glasses.ErrorReceived += h);

        // Watched from the start: the rejoin can be done before the test has read the timeout error.
        var joins = 0;
        var rejoined = Next<SignalingState>(h => glasses.StateChanged += s => { if (s == SignalingState.Joined && Interlocked.Increment(ref joins) == 2) { h(s); } });
        await glasses.StartAsync();
        Assert.Equal(1005, (await timeout.WaitAsync(Wait)).Code);
        await rejoined.WaitAsync(Wait);
        await using var app = Channel(server, "app_1");
        var paired = Next<RoleAssignment>(h => glasses.RoleAssigned += h);
        await app.StartAsync();
        Assert.True((await paired.WaitAsync(Wait)).IsOfferer);
    }

    [Fact]
    public async Task Replaced_ByNewerConnection_StopsWithoutReconnecting()
    {
        await using var server = await ServerHost.StartAsync();
        await using var first = Channel(server, "glasses_1");
        var closed = Next<SignalingState>(h => first.StateChanged += s => { if (s == SignalingState.Closed) { h(s); } });
        var replaced = Next<SignalingError>(h => first.ErrorReceived += h);
        await first.StartAsync();
        await TimerAndWait(() => server.Hub.GetStatus().Rooms.Count == 1);
        await using var second = Channel(server, "glasses_1");
        await second.StartAsync();
        Assert.Equal(1001, (await replaced.WaitAsync(Wait)).Code);
        await closed.WaitAsync(Wait);
        await Task.Delay(300);
        Assert.Single(server.Hub.GetStatus().Connections);
        Assert.Equal(SignalingState.Joined, second.State);
    }

    /// <summary>
    /// Starts the glasses, then (once its room exists, so it is the offerer) the app, and waits until each
    /// has its first role, so later waits see only later roles.
    /// </summary>
    private static async Task PairAsync(ServerHost server, SignalingChannel glasses, SignalingChannel app)
    {
        var glassesRole = Next<RoleAssignment>(h => glasses.RoleAssigned += h);
        var appRole = Next<RoleAssignment>(h => app.RoleAssigned += h);
        await glasses.StartAsync();
        await TimerAndWait(() => server.Hub.GetStatus().Rooms.Count == 1);
        await app.StartAsync();
        await Task.WhenAll(glassesRole, appRole).WaitAsync(Wait);
    }

    private static Task<T> Next<T>(Action<Action<T>> subscribe)
    {
        var next = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe(value => next.TrySetResult(value));
        return next.Task;
    }

    private static async Task TimerAndWait(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
