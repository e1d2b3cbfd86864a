using System.Security.Cryptography;
using Tandem.WebRtc.DataChannels;

namespace Tandem.WebRtc.Tests.DataChannels;

public sealed class RtcDataChannelTests
{
    [Fact]
    public async Task CreateDataChannel_InBand_RemoteSeesSameParameters()
    {
        using var pair = await DataChannelPair.ConnectAsync();

        var (local, remote) = await pair.OpenAsync(pair.A, "chat", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 3, Protocol = "json" });

        Assert.Equal(RtcDataChannelState.Open, local.ReadyState);
        Assert.Equal(RtcDataChannelState.Open, remote.ReadyState);
        Assert.Equal("chat", remote.Label);
        Assert.Equal("json", remote.Protocol);
        Assert.False(remote.Ordered);
        Assert.Equal((ushort)3, remote.MaxRetransmits);
        Assert.Null(remote.MaxPacketLifeTime);
        Assert.Equal(local.Id, remote.Id);
    }

    [Fact]
    public async Task CreateDataChannel_ByRole_UsesStreamIdParity()
    {
        using var pair = await DataChannelPair.ConnectAsync();

        var (fromClient, _) = await pair.OpenAsync(pair.A, "c1");
        var (fromClient2, _) = await pair.OpenAsync(pair.A, "c2");
        var (fromServer, _) = await pair.OpenAsync(pair.B, "s1");

        Assert.Equal(0, fromClient.Id % 2);
        Assert.Equal(0, fromClient2.Id % 2);
        Assert.NotEqual(fromClient.Id, fromClient2.Id);
        Assert.Equal(1, fromServer.Id % 2);
    }

    [Fact]
    public async Task CreateDataChannel_BeforeAssociationEstablished_OpensAfterwards()
    {
        var (pipeA, pipeB) = Tandem.WebRtc.Transports.DatagramPipe.CreatePair();
        using var a = new Tandem.WebRtc.Sctp.SctpAssociation(pipeA);
        using var b = new Tandem.WebRtc.Sctp.SctpAssociation(pipeB);
        using var managerA = new DataChannelManager(a, isDtlsClient: true);
        using var managerB = new DataChannelManager(b, isDtlsClient: false);
        var received = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        managerB.DataChannelReceived += c => received.TrySetResult(c);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var channel = managerA.CreateDataChannel("early");
        channel.Opened += opened.SetResult;
        Assert.Equal(RtcDataChannelState.Connecting, channel.ReadyState);
        a.Connect();

        var remote = await received.Task.WaitAsync(DataChannelPair.Timeout);
        await opened.Task.WaitAsync(DataChannelPair.Timeout);
        Assert.Equal("early", remote.Label);
        pipeA.Close();
        pipeB.Close();
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1024, true)]
    [InlineData(64 * 1024, false)]
    [InlineData(64 * 1024, true)]
    [InlineData(256 * 1024, false)]
    [InlineData(256 * 1024, true)]
    public async Task Send_TextAndBinaryBothWays_ArriveIntact(int size, bool binary)
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, remote) = await pair.OpenAsync(pair.A, "data");
        var atRemote = new TaskCompletionSource<RtcDataChannelMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atLocal = new TaskCompletionSource<RtcDataChannelMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += m => atRemote.TrySetResult(m);
        local.MessageReceived += m => atLocal.TrySetResult(m);
        var bytesA = binary ? RandomNumberGenerator.GetBytes(size) : RandomText(size);
        var bytesB = binary ? RandomNumberGenerator.GetBytes(size) : RandomText(size);

        SendEither(local, bytesA, binary);
        SendEither(remote, bytesB, binary);
        var gotRemote = await atRemote.Task.WaitAsync(DataChannelPair.Timeout);
        var gotLocal = await atLocal.Task.WaitAsync(DataChannelPair.Timeout);

        Assert.Equal(binary, gotRemote.IsBinary);
        Assert.Equal(binary, gotLocal.IsBinary);
        Assert.Equal(bytesA, gotRemote.Data);
        Assert.Equal(bytesB, gotLocal.Data);
    }

    [Fact]
    public async Task Send_LargerThanMaxMessageSize_ThrowsClearly()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, _) = await pair.OpenAsync(pair.A, "big");

        var ex = Assert.Throws<ArgumentException>(() => local.Send(new byte[(256 * 1024) + 1]));

        Assert.Contains("maximum message size", ex.Message);
        Assert.Throws<ArgumentException>(() => local.Send(new string('x', (256 * 1024) + 1)));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("span")]
    [InlineData("array")]
    public async Task Send_WhenClosed_EverySendApiThrowsNamingChannelStateAndWhatToDo(string api)
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, _) = await pair.OpenAsync(pair.A, "gone");
        local.Close();

        var error = Assert.Throws<InvalidOperationException>(() => Send(local, api));

        // Closing until the peer's stream reset arrives, then Closed: either way the message says which.
        Assert.Contains("'gone'", error.Message, StringComparison.Ordinal);
        Assert.Matches("is (Closing|Closed), not Open", error.Message);
        Assert.Contains("new data channel", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("span")]
    [InlineData("array")]
    public void Send_WhileConnecting_EverySendApiThrowsNamingChannelStateAndWhatToDo(string api)
    {
        var (pipeA, _) = Tandem.WebRtc.Transports.DatagramPipe.CreatePair();
        using var association = new Tandem.WebRtc.Sctp.SctpAssociation(pipeA);
        using var manager = new DataChannelManager(association, isDtlsClient: true);
        var channel = manager.CreateDataChannel("early");

        var error = Assert.Throws<InvalidOperationException>(() => Send(channel, api));

        Assert.Contains("'early'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connecting", error.Message, StringComparison.Ordinal);
        Assert.Contains("Opened", error.Message, StringComparison.Ordinal);
        pipeA.Close();
    }

    private static void Send(RtcDataChannel channel, string api)
    {
        switch (api)
        {
            case "text":
                channel.Send("x");
                break;
            case "span":
                channel.Send(new byte[] { 1 }.AsSpan());
                break;
            default:
                channel.Send(new byte[] { 1 });
                break;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Close_FromEitherSide_BothSeeClosed(bool closeLocal)
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, remote) = await pair.OpenAsync(pair.A, "bye");
        var localClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remoteClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Closed += localClosed.SetResult;
        remote.Closed += remoteClosed.SetResult;
        var lastMessage = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        (closeLocal ? remote : local).MessageReceived += m => lastMessage.TrySetResult(m.Text);

        var closer = closeLocal ? local : remote;
        closer.Send("last words");
        closer.Close();
        await Task.WhenAll(localClosed.Task, remoteClosed.Task).WaitAsync(DataChannelPair.Timeout);

        Assert.Equal("last words", await lastMessage.Task.WaitAsync(DataChannelPair.Timeout));
        Assert.Equal(RtcDataChannelState.Closed, local.ReadyState);
        Assert.Equal(RtcDataChannelState.Closed, remote.ReadyState);
        Assert.Empty(pair.A.Channels);
        Assert.Empty(pair.B.Channels);
    }

    [Fact]
    public async Task Close_ThenNewChannel_ReusesStreamAndWorks()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (first, firstRemote) = await pair.OpenAsync(pair.A, "one");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        firstRemote.Closed += closed.SetResult;
        first.Close();
        await closed.Task.WaitAsync(DataChannelPair.Timeout);

        var (second, secondRemote) = await pair.OpenAsync(pair.A, "two");
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        secondRemote.MessageReceived += m => got.TrySetResult(m.Text);
        second.Send("again");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("again", await got.Task.WaitAsync(DataChannelPair.Timeout));
    }

    [Fact]
    public async Task BufferedAmountLow_AfterBurst_FiresOnceTheAmountFallsToTheThreshold()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, _) = await pair.OpenAsync(pair.A, "bulk");
        var raised = 0;
        long amountAtEvent = -1;
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.BufferedAmountLowThreshold = 16 * 1024;
        local.BufferedAmountLow += () =>
        {
            amountAtEvent = local.BufferedAmount;
            Interlocked.Increment(ref raised);
            low.TrySetResult();
        };

        // Nothing from A arrives while the burst is queued, so nothing is acknowledged and the amount
        // cannot fall meanwhile (in-process, 640 KiB would otherwise drain during the loop).
        pair.PipeA.DropFilter = _ => true;
        for (var i = 0; i < 10; i++)
        {
            local.Send(new byte[64 * 1024]);
        }

        var queued = local.BufferedAmount;

        // What a late dispatch of an earlier fall (e.g. of the DCEP OPEN's bytes) looks like: dropped.
        local.OnBufferedAmountLow();
        Assert.Equal(0, Volatile.Read(ref raised));

        pair.PipeA.DropFilter = null;
        await low.Task.WaitAsync(DataChannelPair.Timeout);

        Assert.True(queued > 16 * 1024, $"queued {queued}");
        Assert.True(amountAtEvent <= 16 * 1024, $"raised at {amountAtEvent} bytes buffered");
    }

    private static byte[] RandomText(int size)
    {
        var random = new Random(size);
        var chars = new char[size];
        for (var i = 0; i < size; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }

        return System.Text.Encoding.UTF8.GetBytes(chars);
    }

    private static void SendEither(RtcDataChannel channel, byte[] bytes, bool binary)
    {
        if (binary)
        {
            channel.Send(bytes);
        }
        else
        {
            channel.Send(System.Text.Encoding.UTF8.GetString(bytes));
        }
    }
}
