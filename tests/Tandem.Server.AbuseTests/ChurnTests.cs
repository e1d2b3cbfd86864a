using Tandem.Server.AbuseTests.Support;
using Xunit.Abstractions;

namespace Tandem.Server.AbuseTests;

/// <summary>
/// Two hundred clients fight over one room's two slots: join, relay, leave, join again, replace each
/// other (R20), close without leave (R30). Issue 13 saw 42 exceptions in 60 s of this.
/// </summary>
[Trait("Category", "Abuse")]
public class ChurnTests(ITestOutputHelper output)
{
    private static readonly string[] Relays = ["offer", "answer", "ice"];

    [Fact]
    public async Task JoinLeaveReplaceChurn_200ClientsOneRoom_NothingLostDuplicatedOrMisrouted_R20_R22_R25_R30()
    {
        await using var server = await AbuseServer.StartAsync("RoomTimeoutSeconds=300", "JoinTimeoutSeconds=300", "ReconnectGraceSeconds=1");
        var ledger = new ChurnLedger();
        var connections = new System.Collections.Concurrent.ConcurrentBag<ChurnConnection>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var clients = Enumerable.Range(0, 200).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            for (var n = 0; DateTime.UtcNow < until; n++)
            {
                var connection = new ChurnConnection(ledger, $"c{c}.{n}", random.Next(2) == 0 ? "glasses" : "app");
                connections.Add(connection);
                await connection.ConnectAsync(server.Host.WebSocketUri);
                await connection.JoinAsync();

                // A third drop at once, without leave: a paired slot goes into its grace (R30), and
                // the next join of either kind resumes it or replaces the peer during it (R20).
                for (var step = random.Next(3) == 0 ? 0 : random.Next(1, 8); step > 0 && !connection.Replaced; step--)
                {
                    if (connection.Joined)
                    {
                        await connection.BurstAsync(random.Next(1, 4), Relays);
                    }

                    switch (random.Next(6))
                    {
                        case 0 when connection.Joined:
                            await connection.LeaveAsync();
                            break;
                        case 1 when !connection.Joined:
                            await connection.JoinAsync();
                            break;
                        case 2:
                            await Task.Delay(random.Next(50));
                            break;
                    }
                }

                await connection.DisposeAsync();
            }
        })).ToList();
        await Task.WhenAll(clients);

        // Everything is read: each connection's relays were delivered once, refused (1006), or sent
        // after a newer connection replaced it (the server reads nothing from a closed connection).
        Assert.True(ledger.Problems.Count == 0, string.Join(Environment.NewLine, ledger.Problems.Take(10)));
        var sent = 0;
        foreach (var connection in connections)
        {
            var unanswered = connection.Sent - connection.RelayErrors - ledger.DeliveredFrom(connection.Name);
            Assert.True(unanswered >= 0, $"{connection.Name}: {unanswered} more answers than relays");
            Assert.True(unanswered == 0 || connection.Replaced, $"{connection.Name} lost {unanswered} of {connection.Sent} relays");
            Assert.True(unanswered <= 3, $"{connection.Name}: {unanswered} relays unanswered after it was replaced; a burst is 3 at most");
            sent += connection.Sent;
        }

        var forwarded = server.Hub.Metrics.ForwardedByType.Where(t => t.Key != "leave").Sum(t => t.Value);
        int Logged(string what) => server.Host.Logs.Lines.Count(l => l.Contains(what, StringComparison.Ordinal));
        output.WriteLine($"{connections.Count} connections, {sent} relays: {ledger.Delivered} delivered, {connections.Sum(c => c.RelayErrors)} refused with 1006; "
            + $"server: {Logged("replaced by")} replaced, {Logged("went offline")} graces, {Logged("resumed room")} resumed, {server.Hub.Metrics.Pairs} pairings");
        Assert.Equal(forwarded, ledger.Delivered);
        Assert.True(ledger.Delivered > 0 && connections.Count > 400, $"{connections.Count} connections, {sent} relays, {ledger.Delivered} delivered");
        await server.AssertHealthyAsync();
    }
}
