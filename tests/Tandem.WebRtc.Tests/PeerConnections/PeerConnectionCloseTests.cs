using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.Tests.PeerConnections;

/// <summary>Close never throws: whichever thread flushes a state change must not inherit a subscriber's fault.</summary>
public sealed class PeerConnectionCloseTests
{
    [Fact]
    public void Close_SignalingHandlerThrows_DoesNotThrowAndLaterEventsStillRaised()
    {
        var pc = new PeerConnection();
        var states = new List<RtcPeerConnectionState>();
        pc.SignalingStateChanged += _ => throw new InvalidOperationException("subscriber bug");
        pc.ConnectionStateChanged += states.Add;

        var thrown = Record.Exception(pc.Close);

        Assert.Null(thrown);
        Assert.Equal(RtcPeerConnectionState.Closed, pc.ConnectionState);
        Assert.Equal([RtcPeerConnectionState.Closed], states);
    }

    [Fact]
    public async Task Close_Twice_SecondIsANoOpAndRaisesNothing()
    {
        var pc = new PeerConnection();
        var changes = 0;
        pc.ConnectionStateChanged += _ => changes++;

        pc.Close();
        pc.Close();
        await pc.DisposeAsync();

        Assert.Equal(1, changes);
        Assert.Equal(RtcPeerConnectionState.Closed, pc.ConnectionState);
    }
}
