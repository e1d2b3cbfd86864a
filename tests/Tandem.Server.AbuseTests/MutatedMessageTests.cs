using System.Net.WebSockets;
using System.Text;
using Tandem.Server.AbuseTests.Support;
using Tandem.Server.Tests.TestSupport;
using Tandem.Testing;

namespace Tandem.Server.AbuseTests;

/// <summary>Hostile messages (R2, R3, R10–R16, R35) from attackers while a live pair forwards beside them.</summary>
[Trait("Category", "Abuse")]
public class MutatedMessageTests
{
    [Fact]
    public async Task MutatedCorpus_FromFourAttackers_LivePairLosesNothing_ServerHealthy()
    {
        // Every message is read (no R35 limit in the way); a message that breaks a connection (R2's
        // 1007 for invalid UTF-8, R3's 1009) costs the attacker a reconnect.
        await using var server = await AbuseServer.StartAsync("MaxBadMessagesPerMinute=1000000");
        await using var live = await LivePair.StartAsync(server);
        const int PerAttacker = 4000;
        var attackers = Enumerable.Range(0, 4).Select(a => Task.Run(async () =>
        {
            var mutator = new MessageMutator(seed: 1000 + a, uid: "atk" + a);
            var reconnects = 0;
            var client = await server.Host.ConnectAsync();
            try
            {
                while (mutator.Count < PerAttacker)
                {
                    if (client.Socket.State != WebSocketState.Open)
                    {
                        await client.DisposeAsync();
                        client = await server.Host.ConnectAsync();
                        reconnects++;
                    }

                    try
                    {
                        // Now and then a valid message, so that the attackers join, pair and relay too.
                        var message = mutator.Count % 5 == 0 ? Encoding.UTF8.GetBytes(mutator.Valid()) : mutator.Next();
                        await client.SendBytesAsync(message, WebSocketMessageType.Text);
                        if (mutator.Count % 5 == 0)
                        {
                            mutator.Next();
                        }
                    }
                    catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
                    {
                        // The server closed it meanwhile: reconnect.
                    }
                }
            }
            finally
            {
                await client.DisposeAsync();
            }

            return reconnects;
        })).ToList();

        await Task.WhenAll(attackers);
        var forwarded = await live.StopAndAssertIntactAsync();
        Assert.True(forwarded > 0);
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { (byte)'{', 0xc0, 0xaf, (byte)'}' })]
    [InlineData(new byte[] { (byte)'"', 0xed, 0xa0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xf4, 0x90, 0x80, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'{', 0xe2, 0x82 })]
    public async Task TextFrameNotUtf8_Close1007_OthersUnaffected_R2(byte[] text)
    {
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        await using var attacker = await server.Host.ConnectAsync();
        await attacker.SendBytesAsync(text, WebSocketMessageType.Text);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, (await attacker.ClosedAsync()).Code);
        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task OversizedMessages_1003ThenClose1009_OthersUnaffected_R3()
    {
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        foreach (var size in new[] { 65537, 200_000, 4 << 20 })
        {
            await using var attacker = await server.Host.ConnectAsync();
            await attacker.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"" + new string('x', size) + "\"}"), WebSocketMessageType.Text);
            Assert.Equal(1003, await attacker.ReceiveErrorCodeAsync());
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, (await attacker.ClosedAsync()).Code);
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(30000)]
    public async Task DeeplyNestedMessage_1003NamesTheLimit_ConnectionStaysOpen_R2(int depth)
    {
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        await using var attacker = await server.Host.ConnectAsync();
        var nested = new string('[', depth - 1) + new string(']', depth - 1);
        await attacker.SendTextAsync("{\"type\":\"join\",\"x\":" + nested + ",\"device_id\":\"app_n\",\"from\":\"app_n\",\"to\":\"server\",\"time\":1}");
        var error = await attacker.ReceiveAsync("error");
        Assert.Equal(1003, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Contains("nested deeper than 64 levels", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        await attacker.SendAsync(Messages.Join("app_n"));
        Assert.True(await attacker.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(WebSocketState.Open, attacker.Socket.State);
        await attacker.SendAsync(Messages.Leave("app_n"));
        await live.StopAndAssertIntactAsync();
        await attacker.DisposeAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }
}
