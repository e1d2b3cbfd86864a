using System.Net;
using Tandem.WebRtc.Stun;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Tests.Turn;

/// <summary>Data through an allocation: permissions, channel bindings and their refreshes, ChannelData and Data indications.</summary>
public class TurnAllocationDataTests
{
    [Fact]
    public void SendTo_NewPeer_InstallsPermissionAndChannelThenUsesChannelData()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        var peer = TurnAllocationHarness.Peer.Serialize();

        h.Allocation.SendTo([1, 2, 3], peer);

        // Held until the permission exists (RFC 8656 §9): only the two requests went out.
        Assert.Equal(0, h.Connection.Count(StunMethod.Send, StunClass.Indication));
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.CreatePermission), out var permission));
        Assert.True(permission.TryGetXorPeerAddress(out var permitted));
        Assert.Equal(TurnAllocationHarness.Peer.Address, permitted!.Address);
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.ChannelBind), out var bind));
        Assert.True(bind.TryGetChannelNumber(out var channel));
        Assert.InRange(channel, 0x4000, 0x4FFF);

        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.CreatePermission), h.Key);

        // The held datagram goes as a Send indication.
        var indication = Assert.Single(h.Connection.Sent, f => StunMessage.TryParse(f, out var m) && m.Method == StunMethod.Send);
        Assert.True(StunMessage.TryParse(indication, out var send));
        Assert.True(send.TryGetData(out var data));
        Assert.Equal([1, 2, 3], data.ToArray());
        Assert.True(send.TryGetXorPeerAddress(out var to));
        Assert.Equal(TurnAllocationHarness.Peer, to);

        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.ChannelBind), h.Key);
        h.Allocation.SendTo([4, 5, 6, 7, 8], peer);

        Assert.True(TurnChannelData.TryParse(h.Connection.Sent[^1], out var sentChannel, out var payload));
        Assert.Equal(channel, sentChannel);
        Assert.Equal([4, 5, 6, 7, 8], payload.ToArray());
        Assert.Equal(9, h.Connection.Sent[^1].Length);
    }

    [Fact]
    public void SendTo_OverTcp_PadsChannelDataToFourBytes()
    {
        var h = new TurnAllocationHarness(isStream: true);
        h.Allocate();
        h.OpenPeer();

        h.Allocation.SendTo([4, 5, 6, 7, 8], TurnAllocationHarness.Peer.Serialize());

        Assert.Equal(12, h.Connection.Sent[^1].Length);
        Assert.True(TurnChannelData.TryParse(h.Connection.Sent[^1], out _, out var payload));
        Assert.Equal(5, payload.Length);
    }

    [Fact]
    public void Permissions_RefreshedEveryFourMinutes_ChannelsEveryNine()
    {
        var h = new TurnAllocationHarness();
        h.Allocate(lifetime: 3600);
        h.OpenPeer();

        h.Time.Advance(TimeSpan.FromSeconds(239));
        Assert.Equal(1, h.Connection.Count(StunMethod.CreatePermission));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Connection.Count(StunMethod.CreatePermission));
        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.CreatePermission), h.Key);
        h.Time.Advance(TimeSpan.FromSeconds(240));
        Assert.Equal(3, h.Connection.Count(StunMethod.CreatePermission));
        h.Connection.AnswerSuccess(h.Connection.LastRequest(StunMethod.CreatePermission), h.Key);

        Assert.Equal(1, h.Connection.Count(StunMethod.ChannelBind));
        h.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, h.Connection.Count(StunMethod.ChannelBind));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Connection.Count(StunMethod.ChannelBind));
        Assert.True(StunMessage.TryParse(h.Connection.LastRequest(StunMethod.ChannelBind), out var rebind));
        Assert.True(rebind.TryGetChannelNumber(out var channel));
        Assert.Equal(TurnChannelData.MinChannel, channel);
    }

    [Fact]
    public void Receive_ChannelDataAndDataIndication_ReachTheHandlerWithThePeer()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        h.OpenPeer();
        var frame = new byte[8];
        var length = TurnChannelData.Write(frame, TurnChannelData.MinChannel, [9, 8, 7], padded: false);

        h.Connection.Deliver(frame.AsSpan(0, length));
        var other = new IPEndPoint(TurnAllocationHarness.Peer.Address, 49301);
        h.Connection.DeliverData(other, [6, 5]);

        Assert.Equal(2, h.Received.Count);
        Assert.Equal([9, 8, 7], h.Received[0].Data);
        Assert.Equal(TurnAllocationHarness.Peer.Serialize(), h.Received[0].Peer);
        Assert.Equal([6, 5], h.Received[1].Data);
        Assert.Equal(other.Serialize(), h.Received[1].Peer);
    }

    [Fact]
    public void Receive_UnboundChannel_IsDropped()
    {
        var h = new TurnAllocationHarness();
        h.Allocate();
        var frame = new byte[8];
        var length = TurnChannelData.Write(frame, 0x4123, [1], padded: false);

        h.Connection.Deliver(frame.AsSpan(0, length));

        Assert.Empty(h.Received);
    }
}
