using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

public class JoinAndPairingTests
{
    [Fact]
    public void Connect_EachConnection_UniqueId_R9()
    {
        using var fx = new HubFixture();
        var ids = Enumerable.Range(0, 50).Select(_ => fx.Connect().Client.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(fx.Hub.GetStatus().Connections, c => Assert.Equal("CONNECTED", c.State));
    }

    [Fact]
    public void Join_FirstMember_CreatesWaitingRoom_R17_R8()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_123456");
        Assert.Empty(glasses.Received);
        Assert.Equal(ConnectionState.Joined, glasses.Client.State);
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("room_123456", room.RoomId);
        Assert.Equal("WAITING", room.State);
        Assert.Equal(fx.Time.GetUtcNow() + TimeSpan.FromSeconds(30), room.TimeoutAt);
    }

    [Theory]
    [InlineData("glasses_123456", "app_123456")]
    [InlineData("app_123456", "glasses_123456")]
    public void Join_SecondMember_PairsAndSendsRoles_FirstIsOfferer_R18(string first, string second)
    {
        using var fx = new HubFixture();
        var a = fx.Joined(first);
        var b = fx.Joined(second);

        var roleA = Assert.Single(a.Received);
        var roleB = Assert.Single(b.Received);
        Assert.Equal("role", roleA.GetProperty("type").GetString());
        Assert.Equal(second, roleA.GetProperty("device_id").GetString());
        Assert.Equal(first, roleA.GetProperty("to").GetString());
        Assert.Equal("offerer", roleA.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal(second, roleA.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.Equal("room_123456", roleA.GetProperty("data").GetProperty("room_id").GetString());
        Assert.Equal(first, roleB.GetProperty("device_id").GetString());
        Assert.Equal("answerer", roleB.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal(first, roleB.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.Equal(UnixMicros.Now(fx.Time), roleB.GetProperty("time").GetInt64());
        Assert.Equal(ConnectionState.Paired, a.Client.State);
        Assert.Equal(ConnectionState.Paired, b.Client.State);
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("PAIRED", room.State);
        Assert.Null(room.TimeoutAt);
    }

    [Fact]
    public void Join_MacNotations_PairInCanonicalRoom_IdsAsWritten_R6_R7()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_AA:BB:CC:DD:EE:FF");
        var app = fx.Joined("app_aa-bb-cc-dd-ee-ff");
        Assert.Equal("room_aabbccddeeff", Assert.Single(fx.Hub.GetStatus().Rooms).RoomId);
        Assert.Equal("app_aa-bb-cc-dd-ee-ff", glasses.Last.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.Equal("glasses_AA:BB:CC:DD:EE:FF", app.Last.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.Equal("glasses_AA:BB:CC:DD:EE:FF", glasses.Last.GetProperty("to").GetString());
    }

    [Fact]
    public void Join_DifferentUids_SeparateRooms_R7()
    {
        using var fx = new HubFixture();
        var a = fx.Joined("glasses_1");
        var b = fx.Joined("app_2");
        Assert.Empty(a.Received);
        Assert.Empty(b.Received);
        Assert.Equal(2, fx.Hub.GetStatus().Rooms.Count);
    }

    [Fact]
    public void Join_WhileJoined_1003_R21()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_1");
        fx.Send(glasses, Messages.Join("glasses_1"));
        Assert.Equal(1003, glasses.LastErrorCode());
        Assert.Equal("join", glasses.Last.GetProperty("data").GetProperty("request_type").GetString());
        var (paired, _) = fx.Paired("2");
        fx.Send(paired, Messages.Join("glasses_2"));
        Assert.Equal(1003, paired.LastErrorCode());
        Assert.Equal(ConnectionState.Paired, paired.Client.State);
    }

    [Fact]
    public void Join_SlotHeldByOpenConnection_ReplacePolicy_OldGets1001AndClose4001_R20()
    {
        using var fx = new HubFixture();
        var old = fx.Joined("glasses_1");
        var fresh = fx.Joined("glasses_1");
        Assert.Equal(1001, old.LastErrorCode());
        Assert.Equal(CloseCodes.Replaced, old.CloseCode);
        Assert.Equal(ConnectionState.Connected, old.Client.State);
        Assert.Null(old.Client.Room);
        Assert.Empty(fresh.Received);
        Assert.Equal(ConnectionState.Joined, fresh.Client.State);
        var app = fx.Joined("app_1");
        Assert.Equal("role", fresh.Last.GetProperty("type").GetString());
        Assert.Equal("offerer", fresh.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("answerer", app.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.DoesNotContain(old.Received, m => m.GetProperty("type").GetString() == "role");
    }

    [Fact]
    public void Join_SlotHeldInPairedRoom_Replace_BothGetResumedRoles_R20()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        var fresh = fx.Joined("app_123456");
        Assert.Equal(1001, app.LastErrorCode());
        Assert.Equal(CloseCodes.Replaced, app.CloseCode);
        Assert.True(fresh.Last.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Equal("answerer", fresh.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.True(glasses.Last.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Equal("offerer", glasses.Last.GetProperty("data").GetProperty("role").GetString());

        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        Assert.Equal("offer", fresh.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Join_ReplaceWhilePeerInGrace_NewGetsOffererResumed_GraceSlotKept_R20_R30()
    {
        // Issue 13, fault 1: c1 glasses, c2 app, c2 drops without leave (grace), c3 replaces c1.
        using var fx = new HubFixture();
        var (c1, c2) = fx.Paired("U");
        fx.Hub.Disconnected(c2.Client, "socket closed");
        var c3 = fx.Joined("glasses_U");

        Assert.Equal(1001, c1.LastErrorCode());
        Assert.Equal(CloseCodes.Replaced, c1.CloseCode);
        // R20: in a PAIRED room the new connection gets its role again with resumed:true; R30: the same
        // role as before (glasses joined first: offerer). The offline app gets nothing until it is back.
        var role = Assert.Single(c3.Received);
        Assert.Equal("role", role.GetProperty("type").GetString());
        Assert.Equal("offerer", role.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("app_U", role.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.True(role.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Empty(c2.Received);
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("PAIRED", room.State);
        var grace = room.Members.Single(m => m.DeviceId == "app_U");
        Assert.False(grace.Online);
        Assert.NotNull(grace.GraceEndsAt);
        Assert.Equal(0, fx.Hub.QueuedMessages);

        // R24: the peer is in its grace period.
        fx.Send(c3, Messages.Relay("offer", "glasses_U", "app_U"));
        Assert.Equal(1006, c3.LastErrorCode());

        // R30: the app comes back within its grace: both get their roles, resumed.
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        var c4 = fx.Joined("app_U");
        Assert.Equal("answerer", c4.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.True(c4.Last.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Equal("offerer", c3.Last.GetProperty("data").GetProperty("role").GetString());
        fx.Send(c3, Messages.Relay("offer", "glasses_U", "app_U"));
        Assert.Equal("offer", c4.Last.GetProperty("type").GetString());
        Assert.Equal(0, fx.Hub.QueuedMessages);
    }

    [Fact]
    public void Join_SlotHeld_RejectPolicy_NewGets1001OldKeepsSlot_R20()
    {
        using var fx = new HubFixture(new SignalingOptions { DuplicateIdPolicy = DuplicateIdPolicy.Reject });
        var old = fx.Joined("glasses_1");
        var fresh = fx.Joined("glasses_1");
        Assert.Equal(1001, fresh.LastErrorCode());
        Assert.Null(fresh.CloseCode);
        Assert.Null(old.CloseCode);
        Assert.Empty(old.Received);
        Assert.Equal(ConnectionState.Connected, fresh.Client.State);
        fx.Joined("app_1");
        Assert.Equal("role", old.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Status_ReportsMembersRolesAndConnectionStates_R8()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        var loner = fx.Connect("10.0.0.9:1234");
        var status = fx.Hub.GetStatus();
        var room = Assert.Single(status.Rooms);
        Assert.Equal(new[] { "glasses_123456", "app_123456" }, room.Members.Select(m => m.DeviceId));
        Assert.Equal(new[] { "offerer", "answerer" }, room.Members.Select(m => m.Role));
        Assert.Equal(new[] { glasses.Client.Id, app.Client.Id }, room.Members.Select(m => m.ConnectionId));
        Assert.Equal("CONNECTED", status.Connections.Single(c => c.ConnectionId == loner.Client.Id).State);
        Assert.Equal("10.0.0.9:1234", status.Connections.Single(c => c.ConnectionId == loner.Client.Id).RemoteAddress);
        Assert.Equal(1, status.Totals.RoomsPaired);
        Assert.Equal(1, status.Totals.Pairs);
        Assert.Equal(RoomState.Paired.ToString().ToUpperInvariant(), room.State);
    }
}
