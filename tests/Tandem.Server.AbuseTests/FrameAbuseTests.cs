using System.Text;
using Tandem.Server.AbuseTests.Support;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.AbuseTests;

/// <summary>
/// Frames that break RFC 6455, written on a raw socket beside a live pair: the connection is failed
/// (close 1002 protocol error, or 1009 too big, R3) or cut, nobody else notices, nothing leaks.
/// </summary>
[Trait("Category", "Abuse")]
public class FrameAbuseTests
{
    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(15);

    public static TheoryData<string, byte[], int?> BrokenFrames()
    {
        var join = Encoding.UTF8.GetBytes(Messages.Join("app_raw").ToJsonString());
        return new()
        {
            // §5.2: RSV1-3 without a negotiated extension.
            { "RSV1", RawClient.Frame(0x80 | 0x40 | 0x1, join), 1002 },
            { "RSV2", RawClient.Frame(0x80 | 0x20 | 0x1, join), 1002 },
            { "RSV3", RawClient.Frame(0x80 | 0x10 | 0x1, join), 1002 },

            // §5.1: a client frame must be masked.
            { "unmasked", RawClient.Frame(0x81, join, masked: false), 1002 },

            // §5.2: opcodes 3-7 and B-F are reserved.
            { "opcode 3", RawClient.Frame(0x83, join), 1002 },
            { "opcode 7", RawClient.Frame(0x87, join), 1002 },
            { "opcode B", RawClient.Frame(0x8B, [1]), 1002 },
            { "opcode F", RawClient.Frame(0x8F, [1]), 1002 },

            // §5.5: control frames carry at most 125 bytes and are never fragmented.
            { "ping of 126 bytes", RawClient.Frame(0x89, new byte[126]), 1002 },
            { "fragmented ping", RawClient.Frame(0x09, [1]), 1002 },

            // §5.4: a continuation without a message to continue; a new message inside a fragmented one.
            { "lone continuation", RawClient.Frame(0x80, join), 1002 },
            { "text inside text", [.. RawClient.Text("{", fin: false), .. RawClient.Text("}")], 1002 },

            // §5.2: a 64-bit length with its top bit set (2^63); lengths beyond MaxMessageBytes, with
            // more than MaxMessageBytes of payload behind them (R3).
            { "length 2^63", RawClient.Frame(0x81, [], declaredLength: 1UL << 63), 1002 },
            { "length 2^63-1", RawClient.Frame(0x81, new byte[70_000], declaredLength: long.MaxValue), 1009 },
            { "length 2^32", RawClient.Frame(0x81, new byte[70_000], declaredLength: 1UL << 32), 1009 },

            // §7.4.1: close codes a peer may not send.
            { "close 1005", RawClient.Frame(0x88, [0x03, 0xED]), 1002 },
            { "close 999", RawClient.Frame(0x88, [0x03, 0xE7]), 1002 },
        };
    }

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public async Task BrokenFrame_ConnectionFailed_OthersUnaffected(string what, byte[] frame, int? expectedClose)
    {
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        using (var attacker = await RawClient.ConnectAsync(server.Port))
        {
            await attacker.SendAsync(frame);
            var close = await attacker.ReadUntilClosedAsync(CloseLimit);
            Assert.True(close == expectedClose, $"{what}: close {close?.ToString() ?? "none"}, expected {expectedClose}");
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task HugeLengthThenSilence_CutByKeepalive_R4()
    {
        // A header that announces 2^63-1 bytes, a few of them, then nothing: the server cannot know
        // the message is too big yet; the socket is held like any idle one until keepalive (R4).
        await using var server = await AbuseServer.StartAsync("KeepAliveIntervalSeconds=1", "KeepAliveTimeoutSeconds=1");
        await using var live = await LivePair.StartAsync(server);
        using (var attacker = await RawClient.ConnectAsync(server.Port))
        {
            await attacker.SendAsync(RawClient.Frame(0x81, new byte[1024], declaredLength: long.MaxValue));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Null(await attacker.ReadUntilClosedAsync(CloseLimit));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cut after {clock.Elapsed.TotalSeconds:0.0} s");
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task MillionOneByteFragments_BoundedByMaxMessageBytes_Close1009_R3()
    {
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        using (var attacker = await RawClient.ConnectAsync(server.Port))
        {
            var reader = attacker.ReadUntilClosedAsync(TimeSpan.FromSeconds(60));
            var batch = Enumerable.Repeat(RawClient.Frame(0x00, [(byte)' ']), 10_000).SelectMany(f => f).ToArray();
            Assert.True(await attacker.SendAsync(RawClient.Frame(0x01, [(byte)'['])));
            var sent = 0;
            while (sent < 1_000_000 && !reader.IsCompleted && await attacker.SendAsync(batch))
            {
                sent += 10_000;
            }

            Assert.Equal(1009, await reader);
            Assert.Contains(attacker.Texts, t => t.Contains("\"error_code\":1003", StringComparison.Ordinal));
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task MillionEmptyFragments_CostOnlyTheirOwnTime_MessageJudgedWhenComplete()
    {
        // Empty frames add nothing to a message (.NET's WebSocket reads past them without returning):
        // they cost the server the CPU to read them, on that connection alone, like any traffic.
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        using (var attacker = await RawClient.ConnectAsync(server.Port))
        {
            var reader = attacker.ReadUntilClosedAsync(TimeSpan.FromSeconds(120));
            var batch = Enumerable.Repeat(RawClient.Frame(0x00, []), 10_000).SelectMany(f => f).ToArray();
            Assert.True(await attacker.SendAsync(RawClient.Frame(0x01, [(byte)'{'])));
            for (var sent = 0; sent < 1_000_000; sent += 10_000)
            {
                Assert.True(await attacker.SendAsync(batch));
            }

            Assert.True(await attacker.SendAsync(RawClient.Frame(0x80, [(byte)'}'])));
            Assert.True(await attacker.SendAsync(RawClient.Frame(0x88, [0x03, 0xE8])));
            Assert.Equal(1000, await reader);
            Assert.Contains(attacker.Texts, t => t.Contains("missing string field", StringComparison.Ordinal));
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task PingFlood_NotReadingThePongs_OnlyThatConnectionStalls()
    {
        // 100 000 pings (125 bytes each) and never a read: the server's pongs back up on that socket
        // alone; when the attacker leaves, its connection is gone and nothing is left behind.
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        using (var attacker = await RawClient.ConnectAsync(server.Port))
        {
            var ping = RawClient.Frame(0x89, new byte[125]);
            var batch = Enumerable.Repeat(ping, 1000).SelectMany(f => f).ToArray();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            for (var i = 0; i < 100 && !stop.IsCancellationRequested; i++)
            {
                var send = attacker.SendAsync(batch);
                if (await Task.WhenAny(send, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => false, TaskScheduler.Default)) != send)
                {
                    break;
                }
            }
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task PingFlood_ReadingThePongs_ConnectionKeepsWorking()
    {
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        using (var attacker = await RawClient.ConnectAsync(server.Port))
        {
            var reader = attacker.ReadUntilClosedAsync(TimeSpan.FromSeconds(60));
            var batch = Enumerable.Repeat(RawClient.Frame(0x89, new byte[125]), 1000).SelectMany(f => f).ToArray();
            for (var i = 0; i < 50; i++)
            {
                Assert.True(await attacker.SendAsync(batch));
            }

            // Still a signaling connection: a bad message gets its 1003, a close gets a close.
            Assert.True(await attacker.SendAsync(RawClient.Text("[]")));
            Assert.True(await attacker.SendAsync(RawClient.Frame(0x88, [0x03, 0xE8])));
            Assert.Equal(1000, await reader);
            Assert.Contains(attacker.Texts, t => t.Contains("\"error_code\":1003", StringComparison.Ordinal));
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }
}
