using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Hardening;

/// <summary>Issue 13's faults 1 and 2 on real sockets: one client must not take the service down.</summary>
public class FaultTests
{
    [Fact]
    public async Task ReplaceWhilePeerInGrace_Repeated_NoException_OffererResumed_QueueBackToZero_R20_R30()
    {
        // Fault 1: c1 joins glasses_U, c2 joins app_U, c2 drops without leave (grace), c3 joins
        // glasses_U. Before the fix each round threw in SendRoles, reset c3 and leaked one queued message.
        await using var server = await ServerHost.StartAsync();
        for (var round = 0; round < 20; round++)
        {
            var uid = "U" + round;
            await using var c1 = await server.ConnectAsync();
            await c1.SendAsync(Messages.Join("glasses_" + uid));
            await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_" + uid));
            var c2 = await server.ConnectAsync();
            await c2.SendAsync(Messages.Join("app_" + uid));
            await c1.ReceiveAsync("role");
            await c2.ReceiveAsync("role");
            c2.Socket.Abort();
            await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Single(r => r.RoomId == "room_" + uid).Members.Any(m => !m.Online));

            await using var c3 = await server.ConnectAsync();
            await c3.SendAsync(Messages.Join("glasses_" + uid));
            Assert.Equal(1001, await c1.ReceiveErrorCodeAsync());
            Assert.Equal(4001, (int?)(await c1.ClosedAsync()).Code);
            var role = (await c3.ReceiveAsync("role")).GetProperty("data");
            Assert.Equal("offerer", role.GetProperty("role").GetString());
            Assert.Equal("app_" + uid, role.GetProperty("peer_id").GetString());
            Assert.True(role.GetProperty("resumed").GetBoolean());

            // The app's grace slot survived: an offer now gets 1006 (R24), and the app can resume (R30).
            await c3.SendAsync(Messages.Relay("offer", "glasses_" + uid, "app_" + uid));
            Assert.Equal(1006, await c3.ReceiveErrorCodeAsync());
            await using var c4 = await server.ConnectAsync();
            await c4.SendAsync(Messages.Join("app_" + uid));
            Assert.True((await c4.ReceiveAsync("role")).GetProperty("data").GetProperty("resumed").GetBoolean());
            Assert.Equal("offerer", (await c3.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
            await c3.SendAsync(Messages.Relay("offer", "glasses_" + uid, "app_" + uid));
            await c4.ReceiveAsync("offer");
            Assert.Equal(WebSocketState.Open, c3.Socket.State);
            c2.Socket.Dispose();
        }

        await TimerAndReconnectTests.WaitUntil(() => server.Hub.ConnectionCount == 0);
        Assert.Equal(0, server.Hub.QueuedMessages);
        Assert.Empty(server.Hub.GetStatus().Rooms);
        Assert.Empty(server.Hub.CheckInvariants());
        Assert.Empty(server.Logs.Failures);
    }

    [Fact]
    public async Task ElevenDeadReaders_TwelfthPairKeepsForwarding_No1007_R34()
    {
        // Fault 2: eleven receivers stop reading while their peers send 63 KB offers. Each may hold a
        // tenth of the queue (100 of 1000); before the fix a disconnected one kept counting until
        // keepalive killed its socket, and eleven of them locked every other room out with 1007.
        await using var server = await ServerHost.StartAsync("MessageQueueSize=1000");
        await using var liveGlasses = await server.ConnectAsync();
        await using var liveApp = await server.ConnectAsync();
        await liveGlasses.SendAsync(Messages.Join("glasses_live"));
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
        await liveApp.SendAsync(Messages.Join("app_live"));
        await liveGlasses.ReceiveAsync("role");
        await liveApp.ReceiveAsync("role");

        var dead = new List<(RawWebSocket Reader, WsClient Peer)>();
        for (var i = 0; i < 11; i++)
        {
            var reader = new RawWebSocket(receiveBuffer: 4096);
            await reader.ConnectAsync(server.Port);
            await reader.SendTextAsync(Messages.Join("app_dead" + i).ToJsonString());
            await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == i + 2);
            var peer = await server.ConnectAsync();
            await peer.SendAsync(Messages.Join("glasses_dead" + i));
            await peer.ReceiveAsync("role");
            dead.Add((reader, peer));
        }

        using var stop = new CancellationTokenSource();
        var live = Task.Run(async () =>
        {
            var sent = 0;
            while (!stop.IsCancellationRequested)
            {
                await liveGlasses.SendAsync(Messages.Relay("ice", "glasses_live", "app_live").With("n", sent++));
                await Task.Delay(5);
            }

            return sent;
        });
        var sdp = new string('a', 63 * 1024);
        var attacks = dead.Select((d, i) => Task.Run(async () =>
        {
            // Offers until the server says the reader is gone (1006); a bound in case it never does.
            for (var sent = 0; sent < 2000; sent++)
            {
                await d.Peer.SendAsync(Messages.Relay("offer", "glasses_dead" + i, "app_dead" + i, new JsonObject { ["type"] = "offer", ["sdp"] = sdp }));
                while (d.Peer.TryReceive(out var message))
                {
                    if (message.GetProperty("data").GetProperty("error_code").GetInt32() == 1006)
                    {
                        return sent;
                    }
                }
            }

            return -1;
        })).ToList();

        var offersSent = await Task.WhenAll(attacks);
        await stop.CancelAsync();
        var liveSent = await live;

        Assert.True(liveGlasses.TryReceive(out var unexpected) is false, $"the live pair got {unexpected}");
        var received = new List<int>();
        while (received.Count < liveSent)
        {
            received.Add((await liveApp.ReceiveAsync("ice")).GetProperty("n").GetInt32());
        }

        Assert.Equal(Enumerable.Range(0, liveSent), received);
        Assert.All(offersSent, n => Assert.True(n > 0, "a dead reader was never disconnected"));

        // Each dead reader's socket is cut within the close grace (5 s) and the queue drains.
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.ConnectionCount == 2 + dead.Count);
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.QueuedMessages == 0);
        Assert.Empty(server.Hub.CheckInvariants());
        Assert.Empty(server.Logs.Failures);
        foreach (var (reader, peer) in dead)
        {
            reader.Dispose();
            await peer.DisposeAsync();
        }
    }

    [Fact]
    public async Task ClientClosesWhileMessagesFlowToIt_EachAcceptedMessageStillArrives_R22()
    {
        // A client that sends its close frame still reads until ours (RFC 6455 §5.5.1). What the hub
        // forwarded to it before it learnt of the close must reach it; what came later is refused
        // with 1006. Before, messages in between were dropped silently: neither delivered nor refused.
        await using var server = await ServerHost.StartAsync("ReconnectGraceSeconds=1");
        for (var round = 0; round < 10; round++)
        {
            var uid = "close" + round;
            await using var glasses = await server.ConnectAsync();
            var app = await server.ConnectAsync();
            await glasses.SendAsync(Messages.Join("glasses_" + uid));
            await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_" + uid));
            await app.SendAsync(Messages.Join("app_" + uid));
            await glasses.ReceiveAsync("role");
            await app.ReceiveAsync("role");

            const int Count = 200;
            for (var n = 0; n < Count; n++)
            {
                await glasses.SendAsync(Messages.Relay("ice", "glasses_" + uid, "app_" + uid).With("n", n));
                if (n == Count / 4)
                {
                    await app.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                }
            }

            await app.ClosedAsync();
            var received = 0;
            while (app.TryReceive(out var message))
            {
                Assert.Equal(received++, message.GetProperty("n").GetInt32());
            }

            // The last relay is followed by a message that always gets an answer, so all answers are in.
            await glasses.SendTextAsync("[]");
            var refused = 0;
            while ((await glasses.ReceiveAsync("error")).GetProperty("data").GetProperty("error_code").GetInt32() == 1006)
            {
                refused++;
            }

            Assert.Equal(Count, received + refused);
            await app.DisposeAsync();
        }

        Assert.Empty(server.Logs.Failures);
    }
}
