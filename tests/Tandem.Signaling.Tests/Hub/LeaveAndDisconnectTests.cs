using Tandem.Signaling.Clients;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

public class LeaveAndDisconnectTests
{
    [Fact]
    public void Leave_Paired_PeerGetsLeaveForwarded_ConnectionStaysOpen_R25()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Send(glasses, Messages.Leave("glasses_123456"));

        Assert.Empty(glasses.Received);
        Assert.Null(glasses.CloseCode);
        Assert.Equal(ConnectionState.Connected, glasses.Client.State);
        var leave = Assert.Single(app.Received);
        Assert.Equal("leave", leave.GetProperty("type").GetString());
        Assert.Equal("glasses_123456", leave.GetProperty("from").GetString());
        Assert.Equal("room_123456", leave.GetProperty("room_id").GetString());
        Assert.True(leave.TryGetProperty("server_time", out _));
    }

    [Fact]
    public void Leave_Paired_RemainingMemberBecomesOffererOfWaitingRoom_R26()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Send(glasses, Messages.Leave("glasses_123456"));
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("WAITING", room.State);
        Assert.Equal(fx.Time.GetUtcNow() + TimeSpan.FromSeconds(30), room.TimeoutAt);
        Assert.Equal(ConnectionState.Joined, app.Client.State);

        fx.Send(glasses, Messages.Join("glasses_123456"));
        Assert.Equal("offerer", app.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("answerer", glasses.Last.GetProperty("data").GetProperty("role").GetString());
    }

    [Fact]
    public void Leave_RemainingMemberOffline_RoomDestroyed_R26()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(app.Client, "test");
        fx.Send(glasses, Messages.Leave("glasses_123456"));
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        var fresh = fx.Joined("app_123456");
        Assert.Empty(fresh.Received);
        Assert.Equal("WAITING", Assert.Single(fx.Hub.GetStatus().Rooms).State);
    }

    [Fact]
    public void Leave_LastMember_RoomDestroyed_NextJoinCreatesAfresh_R27()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_1");
        fx.Send(glasses, Messages.Leave("glasses_1"));
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        fx.Send(glasses, Messages.Join("glasses_1"));
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("WAITING", room.State);
    }

    [Fact]
    public void Leave_InNoRoom_1002_R28()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Send(client, Messages.Leave("app_1"));
        Assert.Equal(1002, client.LastErrorCode());
        Assert.Equal("leave", client.Last.GetProperty("data").GetProperty("request_type").GetString());
    }

    [Fact]
    public void Disconnect_WaitingMember_RoomDestroyedAtOnce_R30()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_1");
        fx.Hub.Disconnected(glasses.Client, "socket closed");
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        Assert.Empty(fx.Hub.GetStatus().Connections);
    }

    [Fact]
    public void Disconnect_PairedMember_SlotHeldThenResumedWithSameRoles_R30()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(glasses.Client, "socket closed");
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("PAIRED", room.State);
        var offline = room.Members.Single(m => m.DeviceId == "glasses_123456");
        Assert.False(offline.Online);
        Assert.Equal(fx.Time.GetUtcNow() + TimeSpan.FromSeconds(30), offline.GraceEndsAt);
        Assert.Empty(app.Received);

        fx.Time.Advance(TimeSpan.FromSeconds(29));
        var back = fx.Joined("glasses_123456");
        Assert.Equal("offerer", back.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.True(back.Last.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Equal("answerer", app.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.True(app.Last.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Equal(ConnectionState.Paired, back.Client.State);

        fx.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("PAIRED", Assert.Single(fx.Hub.GetStatus().Rooms).State);
        fx.Send(app, Messages.Relay("answer", "app_123456", "glasses_123456"));
        Assert.Equal("answer", back.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Disconnect_GraceExpires_PeerGetsDisconnectedLeave_RoomWaits_R30_R26()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(glasses.Client, "socket closed");
        fx.Time.Advance(TimeSpan.FromSeconds(30));

        var leave = Assert.Single(app.Received);
        Assert.Equal("leave", leave.GetProperty("type").GetString());
        Assert.Equal("glasses_123456", leave.GetProperty("from").GetString());
        Assert.Equal("disconnected", leave.GetProperty("data").GetProperty("reason").GetString());
        var room = Assert.Single(fx.Hub.GetStatus().Rooms);
        Assert.Equal("WAITING", room.State);
        Assert.Equal(ConnectionState.Joined, app.Client.State);

        var again = fx.Joined("glasses_123456");
        Assert.Equal("answerer", again.Last.GetProperty("data").GetProperty("role").GetString());
        Assert.False(again.Last.GetProperty("data").TryGetProperty("resumed", out _));
        Assert.Equal("offerer", app.Last.GetProperty("data").GetProperty("role").GetString());
    }

    [Fact]
    public void Disconnect_BothPairedMembers_RoomDestroyed_R30()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(glasses.Client, "socket closed");
        fx.Hub.Disconnected(app.Client, "socket closed");
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        fx.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(fx.Hub.GetStatus().Rooms);
    }

    [Fact]
    public void Disconnected_Twice_Harmless()
    {
        using var fx = new HubFixture();
        var (glasses, _) = fx.Paired();
        fx.Hub.Disconnected(glasses.Client, "a");
        fx.Hub.Disconnected(glasses.Client, "b");
        Assert.Single(fx.Hub.GetStatus().Connections);
    }
}
