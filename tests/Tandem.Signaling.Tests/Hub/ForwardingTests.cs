using System.Text.Json.Nodes;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

public class ForwardingTests
{
    [Theory]
    [InlineData("offer")]
    [InlineData("answer")]
    [InlineData("ice")]
    public void Relay_Paired_ForwardedToPeerWithRoomAndServerTime_R22_R23(string type)
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        var data = new JsonObject { ["candidate"] = "candidate:1 1 udp 1 10.0.0.1 5000 typ host", ["sdpMid"] = "0", ["sdpMLineIndex"] = 0 };
        fx.Send(glasses, Messages.Relay(type, "glasses_123456", "app_123456", data).With("extra", "kept"));

        Assert.Empty(glasses.Received);
        var forwarded = Assert.Single(app.Received);
        Assert.Equal(type, forwarded.GetProperty("type").GetString());
        Assert.Equal("glasses_123456", forwarded.GetProperty("from").GetString());
        Assert.Equal("app_123456", forwarded.GetProperty("to").GetString());
        Assert.Equal(Messages.Time, forwarded.GetProperty("time").GetInt64());
        Assert.Equal("kept", forwarded.GetProperty("extra").GetString());
        Assert.Equal("candidate:1 1 udp 1 10.0.0.1 5000 typ host", forwarded.GetProperty("data").GetProperty("candidate").GetString());
        Assert.Equal("room_123456", forwarded.GetProperty("room_id").GetString());
        Assert.Equal(UnixMicros.Now(fx.Time), forwarded.GetProperty("server_time").GetInt64());
    }

    [Fact]
    public void Relay_BothDirections_InOrderNothingLost_R22()
    {
        using var fx = new HubFixture(HubFixture.Unlimited());
        var (glasses, app) = fx.Paired();
        for (var i = 0; i < 500; i++)
        {
            fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456", new JsonObject { ["n"] = i }));
            fx.Send(app, Messages.Relay("ice", "app_123456", "glasses_123456", new JsonObject { ["n"] = i }));
        }

        Assert.Equal(Enumerable.Range(0, 500), app.Received.Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.Equal(Enumerable.Range(0, 500), glasses.Received.Select(m => m.GetProperty("data").GetProperty("n").GetInt32()));
        Assert.Equal(1000, fx.Hub.Metrics.ForwardedByType["ice"]);
    }

    [Fact]
    public void Relay_MacNotationTo_Forwarded_R14()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_AA:BB:CC:DD:EE:FF");
        var app = fx.Joined("app_aabbccddeeff");
        fx.Send(glasses, Messages.Relay("offer", "glasses_AA:BB:CC:DD:EE:FF", "app_AA-BB-CC-DD-EE-FF"));
        Assert.Equal("offer", app.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Relay_InNoRoom_1002_R24()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Send(client, Messages.Relay("offer", "glasses_1", "app_1"));
        Assert.Equal(1002, client.LastErrorCode());
        Assert.Equal("offer", client.Last.GetProperty("data").GetProperty("request_type").GetString());
    }

    [Fact]
    public void Relay_WithoutPeer_1006_R24()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_1");
        fx.Send(glasses, Messages.Relay("ice", "glasses_1", "app_1"));
        Assert.Equal(1006, glasses.LastErrorCode());
        Assert.Equal("glasses_1", glasses.Last.GetProperty("to").GetString());
    }

    [Fact]
    public void Relay_PeerInGrace_1006_R24()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(app.Client, "test");
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        Assert.Equal(1006, glasses.LastErrorCode());
    }

    [Fact]
    public void Relay_FormatCheckedBeforeState_R14()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Send(client, Messages.Relay("offer", "glasses_1", "app_1").Without("data"));
        Assert.Equal(1003, client.LastErrorCode());
        fx.Send(client, Messages.Relay("offer", "glasses_1", "app_1"));
        Assert.Equal(1002, client.LastErrorCode());
    }

    [Fact]
    public void Messages_AfterJoin_OtherDeviceId_1003_R15()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Send(glasses, Messages.Relay("offer", "glasses_999", "app_999"));
        Assert.Equal(1003, glasses.LastErrorCode());
        Assert.Empty(app.Received);
        fx.Send(glasses, Messages.Leave("glasses_123456"));
        fx.Send(glasses, Messages.Join("glasses_999"));
        Assert.Equal(1003, glasses.LastErrorCode());
        fx.Time.Advance(TimeSpan.FromSeconds(1)); // a fourth join/leave within the second would be refused (R39)
        fx.Send(glasses, Messages.Join("glasses_123456"));
        Assert.Equal("role", glasses.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Messages_AfterJoin_SameMacOtherNotation_Accepted_R15_R6()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_AA:BB:CC:DD:EE:FF");
        var app = fx.Joined("app_aabbccddeeff");
        fx.Send(glasses, Messages.Relay("offer", "glasses_aabbccddeeff", "app_aabbccddeeff"));
        Assert.Equal("offer", app.Last.GetProperty("type").GetString());
    }
}
