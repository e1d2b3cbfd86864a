using System.Text;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

public class LimitsTests
{
    [Fact]
    public void ReceiveBinary_1003_ConnectionStaysOpen_R2()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Hub.ReceiveBinary(client.Client, 10);
        Assert.Equal(1003, client.LastErrorCode());
        Assert.Null(client.CloseCode);
    }

    [Fact]
    public void Receive_TextNotJsonObject_1003_ConnectionStaysOpen_R2()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Hub.Receive(client.Client, Encoding.UTF8.GetBytes("[1,2,3]"));
        Assert.Equal(1003, client.LastErrorCode());
        Assert.Null(client.CloseCode);
        fx.Send(client, Messages.Join("app_1"));
        Assert.Equal("JOINED", fx.Hub.GetStatus().Connections.Single().State);
    }

    [Fact]
    public void ReceiveTooLarge_1003ThenClose1009_PairedSlotToGrace_R3()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.ReceiveTooLarge(glasses.Client);
        Assert.Equal(1003, glasses.LastErrorCode());
        Assert.Equal(CloseCodes.MessageTooBig, glasses.CloseCode);
        Assert.Null(app.CloseCode);
        Assert.False(Assert.Single(fx.Hub.GetStatus().Rooms).Members.Single(m => m.DeviceId == "glasses_123456").Online);
    }

    [Fact]
    public void Connect_AtMaxConnections_1007AndClose1013_R33()
    {
        using var fx = new HubFixture(new SignalingOptions { MaxConnections = 2 });
        fx.Connect();
        var second = fx.Connect();
        var third = fx.Connect();
        Assert.Equal(1007, third.LastErrorCode());
        Assert.Equal(CloseCodes.TryAgainLater, third.CloseCode);
        Assert.Equal(2, fx.Hub.GetStatus().Totals.Connections);
        Assert.Equal(2, fx.Hub.ConnectionCount);

        fx.Hub.Disconnected(second.Client, "gone");
        var fourth = fx.Connect();
        Assert.Null(fourth.CloseCode);
    }

    [Fact]
    public void Relay_ServerQueueFull_1007_NothingQueuedLost_R34()
    {
        // 20 queued at most: twenty receivers with one message each fill the queue, and none holds
        // more than its fair share (20 / 21 receivers, at least 1), so the server is busy.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 20 });
        var pairs = Enumerable.Range(0, 21).Select(i => fx.Paired(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var (_, app) in pairs)
        {
            app.AutoDeliver = false;
        }

        for (var i = 0; i < 20; i++)
        {
            fx.Send(pairs[i].Glasses, Messages.Relay("ice", $"glasses_{i}", $"app_{i}"));
        }

        Assert.Equal(20, fx.Hub.QueuedMessages);
        var last = pairs[20];
        fx.Send(last.Glasses, Messages.Relay("offer", "glasses_20", "app_20"));
        Assert.Equal(1007, last.Glasses.LastErrorCode());
        Assert.Empty(last.App.Received);
        Assert.All(pairs.Take(20), p => Assert.Null(p.App.CloseCode));

        foreach (var (_, app) in pairs)
        {
            app.DeliverHeld();
        }

        Assert.Equal(0, fx.Hub.QueuedMessages);
        Assert.All(pairs.Take(20), p => Assert.Single(p.App.Received));
        fx.Send(last.Glasses, Messages.Relay("offer", "glasses_20", "app_20"));
        Assert.Equal("offer", last.App.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Relay_ServerMadeMessages_NeverRefused_R34()
    {
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 10 });
        for (var i = 0; i < 10; i++)
        {
            var (glasses, app) = fx.Paired(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            app.AutoDeliver = false;
            fx.Send(glasses, Messages.Relay("ice", $"glasses_{i}", $"app_{i}"));
        }

        Assert.Equal(10, fx.Hub.QueuedMessages);
        var late = fx.Connect();
        var lateApp = fx.Connect();
        late.AutoDeliver = false;
        lateApp.AutoDeliver = false;
        fx.Send(late, Messages.Join("glasses_x"));
        fx.Send(lateApp, Messages.Join("app_x"));
        Assert.Equal("role", late.Last.GetProperty("type").GetString());
        Assert.Equal("role", lateApp.Last.GetProperty("type").GetString());
        Assert.Equal(12, fx.Hub.QueuedMessages);
    }

    [Fact]
    public void Relay_SlowReceiver_DisconnectedWith1008_SenderTold1006_R34()
    {
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var (glasses, app) = fx.Paired();
        app.AutoDeliver = false;
        for (var i = 0; i < 10; i++)
        {
            fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        }

        Assert.Null(app.CloseCode);
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        Assert.Equal(CloseCodes.PolicyViolation, app.CloseCode);
        Assert.Equal(1006, glasses.LastErrorCode());
        Assert.False(Assert.Single(fx.Hub.GetStatus().Rooms).Members.Single(m => m.DeviceId == "app_123456").Online);
    }

    [Fact]
    public void BadMessages_MoreThanLimitPerMinute_Close1008_R35()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        for (var i = 0; i < 20; i++)
        {
            fx.Hub.Receive(client.Client, "nope"u8);
        }

        Assert.Null(client.CloseCode);
        Assert.Equal(20, client.Errors.Count());
        fx.Hub.Receive(client.Client, "nope"u8);
        Assert.Equal(CloseCodes.PolicyViolation, client.CloseCode);
    }

    [Fact]
    public void BadMessages_SpreadOverMinutes_NotClosed_R35()
    {
        using var fx = new HubFixture(new SignalingOptions { JoinTimeout = TimeSpan.FromHours(1) });
        var client = fx.Connect();
        for (var i = 0; i < 60; i++)
        {
            fx.Send(client, Messages.Join("bad id"));
            fx.Time.Advance(TimeSpan.FromSeconds(4));
        }

        Assert.Equal(60, client.Errors.Count(e => e.GetProperty("data").GetProperty("error_code").GetInt32() == 1004));
        Assert.Null(client.CloseCode);
    }

    [Fact]
    public void BadMessages_StateErrorsDoNotCount_R35()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        for (var i = 0; i < 50; i++)
        {
            fx.Send(client, Messages.Leave("app_1"));
        }

        Assert.Equal(50, client.Errors.Count());
        Assert.Null(client.CloseCode);
    }

    [Fact]
    public void BadMessages_Limit_Configurable_R35()
    {
        using var fx = new HubFixture(new SignalingOptions { MaxBadMessagesPerMinute = 2 });
        var client = fx.Connect();
        fx.Hub.ReceiveBinary(client.Client, 1);
        fx.Hub.ReceiveBinary(client.Client, 1);
        Assert.Null(client.CloseCode);
        fx.Hub.ReceiveBinary(client.Client, 1);
        Assert.Equal(CloseCodes.PolicyViolation, client.CloseCode);
    }

    [Fact]
    public void Shutdown_ClosesEveryConnectionWith1001()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        var idle = fx.Connect();
        fx.Hub.Shutdown();
        Assert.All(new[] { glasses, app, idle }, c => Assert.Equal(CloseCodes.GoingAway, c.CloseCode));
        Assert.Equal(CloseCodes.TryAgainLater, fx.Connect().CloseCode);
    }

    [Fact]
    public void ErrorCodes_CountedInMetrics_R32()
    {
        using var fx = new HubFixture();
        var client = fx.Connect();
        fx.Send(client, Messages.Join("x"));
        fx.Send(client, Messages.Leave("app_1"));
        Assert.Equal(1, fx.Hub.Metrics.ErrorsByCode[1004]);
        Assert.Equal(1, fx.Hub.Metrics.ErrorsByCode[1002]);
        Assert.Equal(0, fx.Hub.Metrics.ErrorsByCode[1001]);
    }
}
