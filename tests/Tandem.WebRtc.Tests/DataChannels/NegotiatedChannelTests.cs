using Tandem.WebRtc.DataChannels;

namespace Tandem.WebRtc.Tests.DataChannels;

public sealed class NegotiatedChannelTests
{
    [Fact]
    public async Task Negotiated_SameIdOnBothSides_OpensWithoutDcepAndExchanges()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var init = new RtcDataChannelInit { Negotiated = true, Id = 42 };
        var announced = false;
        pair.B.DataChannelReceived += _ => announced = true;

        var a = pair.A.CreateDataChannel("pre", init);
        var b = pair.B.CreateDataChannel("pre", init);
        Assert.Equal(RtcDataChannelState.Open, a.ReadyState);
        Assert.Equal(RtcDataChannelState.Open, b.ReadyState);
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += m => got.TrySetResult(m.Text);
        a.Send("negotiated");

        Assert.Equal("negotiated", await got.Task.WaitAsync(DataChannelPair.Timeout));
        Assert.Equal((ushort)42, b.Id);
        Assert.False(announced);
    }

    [Fact]
    public async Task CreateDataChannel_InvalidInit_Throws()
    {
        using var pair = await DataChannelPair.ConnectAsync();

        Assert.Throws<ArgumentException>(() => pair.A.CreateDataChannel("x", new RtcDataChannelInit { MaxRetransmits = 1, MaxPacketLifeTime = 1 }));
        Assert.Throws<ArgumentException>(() => pair.A.CreateDataChannel("x", new RtcDataChannelInit { Negotiated = true }));
        pair.A.CreateDataChannel("first", new RtcDataChannelInit { Negotiated = true, Id = 8 });
        Assert.Throws<ArgumentException>(() => pair.A.CreateDataChannel("dup", new RtcDataChannelInit { Negotiated = true, Id = 8 }));
    }
}
