using System.Security.Cryptography;
using System.Text;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>Proves the harness with Chromium on both ends: data channels of every kind.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumDataChannelTests(ChromiumFixture chromium)
{
    private static readonly int[] MessageSizes = [1, 1024, 64 * 1024, 256 * 1024];

    [Fact]
    public async Task CreateDataChannel_EitherSide_OpensOnBoth()
    {
        await using var pair = await ChromiumPair.OpenAsync(chromium);
        await pair.Offerer.CreateDataChannelAsync("from-offerer");
        await pair.ConnectAsync();
        await pair.Answerer.CreateDataChannelAsync("from-answerer");

        var incomingAtAnswerer = await pair.Answerer.NextIncomingChannelAsync();
        var incomingAtOfferer = await pair.Offerer.NextIncomingChannelAsync();
        var states = await Task.WhenAll(
            pair.Offerer.WaitForChannelStateAsync("from-offerer", "open"),
            pair.Answerer.WaitForChannelStateAsync("from-offerer", "open"),
            pair.Answerer.WaitForChannelStateAsync("from-answerer", "open"),
            pair.Offerer.WaitForChannelStateAsync("from-answerer", "open"));

        Assert.Equal("from-offerer", incomingAtAnswerer.Label);
        Assert.Equal("from-answerer", incomingAtOfferer.Label);
        Assert.All(states, s => Assert.Equal("open", s.ReadyState));
        Assert.Equal(states[0].Id, states[1].Id);
        Assert.Equal(states[2].Id, states[3].Id);
        Assert.NotEqual(states[0].Id, states[2].Id);
    }

    [Fact]
    public async Task Send_TextAndBinaryUpTo256KiB_ArriveIntactBothWays()
    {
        await using var pair = await OpenWithChannelAsync("sizes", null);

        foreach (var (sender, receiver) in new[] { (pair.Offerer, pair.Answerer), (pair.Answerer, pair.Offerer) })
        {
            var sent = new List<(bool Binary, byte[] Bytes)>();
            foreach (var size in MessageSizes)
            {
                var binary = RandomNumberGenerator.GetBytes(size);
                var text = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", size));
                await sender.SendBinaryAsync("sizes", binary);
                await sender.SendTextAsync("sizes", Encoding.ASCII.GetString(text));
                sent.Add((true, binary));
                sent.Add((false, text));
            }

            await receiver.WaitForMessagesAsync("sizes", sent.Count);
            var received = await receiver.GetReceivedAsync("sizes", sent.Count);

            Assert.Equal(sent.Count, received.Count);
            Assert.Equal(sent.Sum(m => (long)m.Bytes.Length), received.Bytes);
            Assert.Equal(sent.Select(m => m.Binary), received.Last.Select(m => m.Binary));
            Assert.All(sent.Zip(received.Last), p => Assert.Equal(p.First.Bytes, p.Second.GetBytes()));
            Assert.Null(received.Error);
        }
    }

    [Fact]
    public async Task SendNumbered_1000OnOrderedChannel_ArriveInOrder()
    {
        await using var pair = await OpenWithChannelAsync("ordered", new DataChannelInit(Ordered: true));

        await pair.Offerer.SendNumberedAsync("ordered", 1000, 1200);
        var received = await pair.Answerer.WaitForMessagesAsync("ordered", 1000);

        Assert.Equal(1000, received.Numbered);
        Assert.Equal(0, received.SequenceBreaks);
        Assert.Equal(0, received.PatternErrors);
        Assert.Equal(1000, received.NextSeq);
        Assert.Equal(1000L * 1200, received.Bytes);
    }

    [Fact]
    public async Task CreateDataChannel_UnorderedNoRetransmits_OpensWithThoseProperties()
    {
        await using var pair = await OpenWithChannelAsync("unreliable", new DataChannelInit(Ordered: false, MaxRetransmits: 0));

        var remote = await pair.Answerer.GetChannelAsync("unreliable");
        await pair.Offerer.SendNumberedAsync("unreliable", 10, 100, binary: false);
        var received = await pair.Answerer.WaitForMessagesAsync("unreliable", 10);

        Assert.False(remote.Ordered);
        Assert.Equal(0, remote.MaxRetransmits);
        Assert.Null(remote.MaxPacketLifeTime);
        Assert.Equal(10, received.TextCount);
    }

    [Fact]
    public async Task CloseChannel_OneSide_OtherSideSeesClosed()
    {
        await using var pair = await OpenWithChannelAsync("closing", null);

        await pair.Offerer.CloseChannelAsync("closing");
        var remote = await pair.Answerer.WaitForChannelStateAsync("closing", "closed");
        var local = await pair.Offerer.WaitForChannelStateAsync("closing", "closed");

        Assert.Equal("closed", remote.ReadyState);
        Assert.Equal("closed", local.ReadyState);
        Assert.Equal("connected", (await pair.Answerer.GetStateAsync()).ConnectionState);
    }

    [Fact]
    public async Task RestartIce_WhileConnected_DataKeepsFlowing()
    {
        await using var pair = await OpenWithChannelAsync("restart", null);
        await pair.Offerer.SendTextAsync("restart", "before");
        await pair.Answerer.WaitForMessagesAsync("restart", 1);
        var before = await pair.Offerer.GetLocalDescriptionAsync();

        await pair.Offerer.RestartIceAsync();
        var (offer, _) = await pair.NegotiateAsync();
        var ufrag = Sdp.Attribute(offer.Sdp, "ice-ufrag");
        await pair.Offerer.WaitForStatsAsync(
            s => s.OfType("transport").Any(t => BrowserStats.Text(t, "iceLocalUsernameFragment") == ufrag
                && BrowserStats.Text(t, "iceState") == "connected"),
            "the restarted ICE session to connect");
        await pair.Offerer.SendNumberedAsync("restart", 100, 1000, binary: false);
        var received = await pair.Answerer.WaitForMessagesAsync("restart", 101);

        Assert.NotEqual(Sdp.Attribute(before.Sdp, "ice-ufrag"), ufrag);
        Assert.Equal(101, received.Count);
        Assert.Equal(0, received.SequenceBreaks);
        Assert.Equal(100, received.NextSeq);
    }

    private async Task<ChromiumPair> OpenWithChannelAsync(string label, DataChannelInit? init)
    {
        var pair = await ChromiumPair.OpenAsync(chromium);
        try
        {
            await pair.Offerer.CreateDataChannelAsync(label, init);
            await pair.ConnectAsync();
            await pair.Offerer.WaitForChannelStateAsync(label, "open");
            await pair.Answerer.WaitForChannelStateAsync(label, "open");
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }
}
