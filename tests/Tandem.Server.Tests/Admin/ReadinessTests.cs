using System.Diagnostics;
using System.Net;

namespace Tandem.Server.Tests.Admin;

/// <summary><c>/readyz</c> reports whether new signaling connections are accepted.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_AtMaxConnections_Returns503UntilASlotFrees()
    {
        await using var server = await AdminServer.StartAsync(["--Signaling:MaxConnections=1"]);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("readyz")).StatusCode);

        var client = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_ready1");
        var full = await WaitForStatusAsync(server, HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("at capacity: 1 of 1", full, StringComparison.Ordinal);

        await client.DisposeAsync();
        var ready = await WaitForStatusAsync(server, HttpStatusCode.OK);
        Assert.StartsWith("ready: 0 of 1", ready, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhileRelaysRefusedForQueueSpace_503UntilItDrains_R34()
    {
        // Ten receivers with one message on its way each fill a queue of 10, and none holds more
        // than its share: a new offer would get 1007.
        await using var server = await AdminServer.StartAsync(["--Signaling:MessageQueueSize=10"]);
        var held = InProcessClients.FillWithHeldMessages(server.Hub, 10);
        var busy = await WaitForStatusAsync(server, HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("busy: 10 of 10 messages queued", busy, StringComparison.Ordinal);

        held[0].Release();
        var ready = await WaitForStatusAsync(server, HttpStatusCode.OK);
        Assert.Contains("9 of 10 messages queued", ready, StringComparison.Ordinal);
        foreach (var holder in held)
        {
            holder.Release();
        }
    }

    // The readiness check reads the admin feed's snapshot, refreshed every second.
    private static async Task<string> WaitForStatusAsync(AdminServer server, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await server.Http.GetAsync("readyz");
            if (response.StatusCode == expected)
            {
                return await response.Content.ReadAsStringAsync();
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"/readyz never answered {expected}");
            await Task.Delay(50);
        }
    }
}
