using System.Text.Json.Nodes;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

/// <summary>R39: per-connection message rates, hit exactly at their bound on a fake clock; R40: per-address cap.</summary>
public class RateLimitTests
{
    [Theory]
    [InlineData("ice", 20)]
    [InlineData("offer", 5)]
    [InlineData("answer", 5)]
    public void Relay_AtBound_AcceptedThenOneMoreRefused1007_UntilTheSecondIsOver_R39(string type, int bound)
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        for (var i = 0; i < bound; i++)
        {
            fx.Send(glasses, Messages.Relay(type, "glasses_123456", "app_123456", new JsonObject { ["n"] = i }));
        }

        Assert.Equal(bound, app.Received.Count);
        Assert.Empty(glasses.Received);

        fx.Send(glasses, Messages.Relay(type, "glasses_123456", "app_123456"));
        Assert.Equal(1007, glasses.LastErrorCode());
        Assert.Contains($"slow down: at most {bound}", glasses.Last.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(type, glasses.Last.GetProperty("data").GetProperty("request_type").GetString());
        Assert.Equal(bound, app.Received.Count);

        fx.Time.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        fx.Send(glasses, Messages.Relay(type, "glasses_123456", "app_123456"));
        Assert.Equal(2, glasses.Errors.Count());
        Assert.Equal(bound, app.Received.Count);

        fx.Time.Advance(TimeSpan.FromTicks(1));
        fx.Send(glasses, Messages.Relay(type, "glasses_123456", "app_123456"));
        Assert.Equal(bound + 1, app.Received.Count);
        Assert.Null(glasses.CloseCode);
    }

    [Fact]
    public void OfferAndAnswer_ShareOneBound_IceHasItsOwn_R39()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        for (var i = 0; i < 3; i++)
        {
            fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
            fx.Send(glasses, Messages.Relay("answer", "glasses_123456", "app_123456"));
        }

        Assert.Equal(5, app.Received.Count);
        Assert.Equal(1007, glasses.LastErrorCode());
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        Assert.Equal("ice", app.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void JoinAndLeave_AtBoundThree_FourthRefused_R39()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456"));
        fx.Send(client, Messages.Leave("app_123456"));
        fx.Send(client, Messages.Join("app_123456"));
        Assert.Empty(client.Errors);
        fx.Send(client, Messages.Leave("app_123456"));
        Assert.Equal(1007, client.LastErrorCode());
        Assert.NotNull(client.Client.Room);

        fx.Time.Advance(TimeSpan.FromSeconds(1));
        fx.Send(client, Messages.Leave("app_123456"));
        Assert.Null(client.Client.Room);
    }

    [Fact]
    public void Rates_ArePerConnection_R39()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        for (var i = 0; i < 20; i++)
        {
            fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
            fx.Send(app, Messages.Relay("ice", "app_123456", "glasses_123456"));
        }

        Assert.Empty(glasses.Errors);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public void SlowDowns_CountTowardBadMessageLimit_R39_R35()
    {
        using var fx = new HubFixture(new SignalingOptions { MaxIcePerSecond = 1, MaxBadMessagesPerMinute = 2 });
        var (glasses, app) = fx.Paired();
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        Assert.Null(glasses.CloseCode);
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        Assert.Equal(CloseCodes.PolicyViolation, glasses.CloseCode);
        Assert.Single(app.Received);
    }

    [Fact]
    public void Rates_Configurable_ZeroMeansNoBound_R39()
    {
        using var fx = new HubFixture(new SignalingOptions { MaxIcePerSecond = 0, MaxOfferAnswerPerSecond = 2 });
        var (glasses, app) = fx.Paired();
        for (var i = 0; i < 200; i++)
        {
            fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        }

        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        Assert.Empty(glasses.Errors);
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        Assert.Equal(1007, glasses.LastErrorCode());
        Assert.Equal(202, app.Received.Count);
    }

    [Fact]
    public void Connect_OverPerAddressCap_1007AndClose1013_OtherAddressesUnaffected_R40()
    {
        using var fx = new HubFixture(new SignalingOptions { MaxConnectionsPerAddress = 2 });
        var a = fx.Connect("198.51.100.7:1000", host: "198.51.100.7");
        var b = fx.Connect("198.51.100.7:1001", host: "198.51.100.7");
        var c = fx.Connect("198.51.100.7:1002", host: "198.51.100.7");
        Assert.Null(a.CloseCode);
        Assert.Null(b.CloseCode);
        Assert.Equal(1007, c.LastErrorCode());
        Assert.Contains("too many connections from your address", c.Last.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(CloseCodes.TryAgainLater, c.CloseCode);
        Assert.Equal(2, fx.Hub.ConnectionCount);

        var other = fx.Connect("203.0.113.1:1000", host: "203.0.113.1");
        Assert.Null(other.CloseCode);

        fx.Hub.Disconnected(a.Client, "socket closed");
        var d = fx.Connect("198.51.100.7:1003", host: "198.51.100.7");
        Assert.Null(d.CloseCode);
        fx.Send(d, Messages.Join("app_123456"));
        Assert.Empty(d.Errors);
    }

    [Fact]
    public void Connect_RejectedByCap_FreesNothing_CountStaysRight_R40()
    {
        using var fx = new HubFixture(new SignalingOptions { MaxConnectionsPerAddress = 1 });
        var a = fx.Connect("198.51.100.7:1000", host: "198.51.100.7");
        var refused = fx.Connect("198.51.100.7:1001", host: "198.51.100.7");
        fx.Hub.Disconnected(refused.Client, "socket closed");
        var again = fx.Connect("198.51.100.7:1002", host: "198.51.100.7");
        Assert.Equal(CloseCodes.TryAgainLater, again.CloseCode);
        fx.Hub.Disconnected(a.Client, "socket closed");
        Assert.Null(fx.Connect("198.51.100.7:1003", host: "198.51.100.7").CloseCode);
    }
}
