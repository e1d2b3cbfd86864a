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
