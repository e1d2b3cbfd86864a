using System.Text.Json.Nodes;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

/// <summary>R44: the answerer's <c>restart</c> request is relayed as offer, answer and ice are.</summary>
public class RestartRequestTests
{
    [Fact]
    public void Restart_Paired_ForwardedUnchangedWithRoomAndServerTime_R44()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Send(app, Messages.Relay("restart", "app_123456", "glasses_123456", new JsonObject { ["reason"] = "local_address_lost" }));

        Assert.Empty(app.Received);
        var forwarded = Assert.Single(glasses.Received);
        Assert.Equal("restart", forwarded.GetProperty("type").GetString());
        Assert.Equal("app_123456", forwarded.GetProperty("from").GetString());
        Assert.Equal("local_address_lost", forwarded.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("room_123456", forwarded.GetProperty("room_id").GetString());
        Assert.Equal(1, fx.Hub.Metrics.ForwardedByType["restart"]);
    }

    [Fact]
    public void Restart_WithoutDataOrToServer_1003_R44_R14()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Send(app, Messages.Relay("restart", "app_123456", "glasses_123456").Without("data"));
        Assert.Equal(1003, app.LastErrorCode());
        fx.Send(app, Messages.Relay("restart", "app_123456", "server", new JsonObject()));
        Assert.Equal(1003, app.LastErrorCode());
        Assert.Empty(glasses.Received);
    }

    [Fact]
    public void Restart_PeerAway_1006_R44_R24()
    {
        using var fx = new HubFixture();
        var app = fx.Joined("app_123456");
        fx.Send(app, Messages.Relay("restart", "app_123456", "glasses_123456", new JsonObject()));
        Assert.Equal(1006, app.LastErrorCode());
    }

    [Fact]
    public void Restart_SharesTheOfferAnswerBound_R44_R39()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        for (var i = 0; i < 4; i++)
        {
            fx.Send(app, Messages.Relay("answer", "app_123456", "glasses_123456", new JsonObject()));
        }

        fx.Send(app, Messages.Relay("restart", "app_123456", "glasses_123456", new JsonObject()));
        Assert.Equal(5, glasses.Received.Count);
        fx.Send(app, Messages.Relay("restart", "app_123456", "glasses_123456", new JsonObject()));
        Assert.Equal(1007, app.LastErrorCode());
        Assert.Equal(5, glasses.Received.Count);
    }
}
