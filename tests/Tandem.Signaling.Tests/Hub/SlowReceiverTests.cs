using System.Globalization;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

/// <summary>R34: slow receivers, the server-wide queue and each connection's share of it (issue 13, fault 2).</summary>
public class SlowReceiverTests
{
    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Relay_ReceiverTooSlow_ItsQueueStopsCountingAndIsDroppedAtOnce_R34()
    {
        // MessageQueueSize 100: a receiver with 10 waiting is too slow.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var (glasses, app) = fx.Paired();
        app.AutoDeliver = false;
        for (var i = 0; i < 10; i++)
        {
            fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        }

        Assert.Equal(10, fx.Hub.QueuedMessages);
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));

        Assert.Equal(CloseCodes.PolicyViolation, app.CloseCode);
        Assert.Equal(1006, glasses.LastErrorCode());
        Assert.Equal(0, fx.Hub.QueuedMessages);
        Assert.Equal(10, app.DroppedQueued);
        Assert.Equal(0, app.Held);
    }

    [Fact]
    public void Close_ClientNotReading_WhatItHasQueuedStopsCountingAtOnce_R20_R34()
    {
        // A replaced connection that does not read keeps its messages (and its 1001) in its outbox
        // until its socket gives up: they must not hold the server-wide queue meanwhile.
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        app.AutoDeliver = false;
        for (var i = 0; i < 5; i++)
        {
            fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        }

        Assert.Equal(5, fx.Hub.QueuedMessages);
        var fresh = fx.Joined("app_123456");
        Assert.Equal(CloseCodes.Replaced, app.CloseCode);
        Assert.Equal(6, app.Held);
        Assert.Equal(0, fx.Hub.QueuedMessages);
        Assert.Equal(0, app.Client.Pending);

        // Its writer reporting them later changes nothing.
        app.DeliverHeld();
        Assert.Equal(0, fx.Hub.QueuedMessages);
        fx.Send(glasses, Messages.Relay("ice", "glasses_123456", "app_123456"));
        Assert.Equal("ice", fresh.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Relay_ElevenDeadReceivers_TwelfthPairNeverRefused_R34()
    {
        // Issue 13, fault 2 at hub level: eleven receivers stop reading while their peers keep sending.
        // Each may hold a tenth of the bound, so eleven of them would fill it; the largest beyond its
        // fair share is disconnected instead of refusing the twelfth pair.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var dead = Enumerable.Range(0, 11).Select(i => fx.Paired("d" + N(i))).ToList();
        foreach (var (_, app) in dead)
        {
            app.AutoDeliver = false;
        }

        var (liveGlasses, liveApp) = fx.Paired("live");
        var sent = 0;
        for (var round = 0; round < 12; round++)
        {
            for (var i = 0; i < dead.Count; i++)
            {
                fx.Send(dead[i].Glasses, Messages.Relay("offer", "glasses_d" + N(i), "app_d" + N(i)));
                Assert.True(fx.Hub.QueuedMessages <= 100, $"queue at {fx.Hub.QueuedMessages}");
                fx.Send(liveGlasses, Messages.Relay("ice", "glasses_live", "app_live").With("n", sent++));
            }
        }

        Assert.True(!liveGlasses.Errors.Any(), string.Join("\n", liveGlasses.Errors));
        Assert.Equal(Enumerable.Range(0, sent), liveApp.Received.Select(m => m.GetProperty("n").GetInt32()));
        Assert.All(dead, d => Assert.Equal(CloseCodes.PolicyViolation, d.App.CloseCode));
        Assert.Equal(0, fx.Hub.QueuedMessages);
    }

    [Fact]
    public void Relay_QueueFullOfReceiversAboveTheirShare_LargestGoesAndOnlyIt_R34()
    {
        // 100 at most, 10 per receiver: ten receivers hold 9 each, an eleventh 10. With the new
        // message's receiver, twelve want room: a fair share is 100 / 12 = 8, and all eleven hold more.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var pairs = Enumerable.Range(0, 12).Select(i => fx.Paired(N(i))).ToList();
        foreach (var (_, app) in pairs.Take(11))
        {
            app.AutoDeliver = false;
        }

        void Fill(int pair, int count)
        {
            for (var i = 0; i < count; i++)
            {
                fx.Send(pairs[pair].Glasses, Messages.Relay("ice", "glasses_" + N(pair), "app_" + N(pair)));
            }
        }

        for (var i = 0; i < 10; i++)
        {
            Fill(i, 9);
        }

        Fill(10, 10);
        Assert.Equal(100, fx.Hub.QueuedMessages);

        // The largest is disconnected, which makes room: the others keep their messages.
        var last = pairs[11];
        fx.Send(last.Glasses, Messages.Relay("offer", "glasses_11", "app_11"));
        Assert.Equal("offer", last.App.Last.GetProperty("type").GetString());
        Assert.Equal(CloseCodes.PolicyViolation, pairs[10].App.CloseCode);
        Assert.All(pairs.Take(10), p => Assert.Null(p.App.CloseCode));
        Assert.Equal(90, fx.Hub.QueuedMessages);
        foreach (var (_, app) in pairs.Take(10))
        {
            app.DeliverHeld();
        }
    }

    [Fact]
    public void RefusesRelays_WhileFullWithinShares_UntilDrained_R34()
    {
        // One message each for twenty receivers fills 20: nobody holds more than the minimum share.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 20 });
        var pairs = Enumerable.Range(0, 20).Select(i => fx.Paired(N(i))).ToList();
        foreach (var (_, app) in pairs)
        {
            app.AutoDeliver = false;
        }

        Assert.False(fx.Hub.RefusesRelays);
        for (var i = 0; i < 20; i++)
        {
            fx.Send(pairs[i].Glasses, Messages.Relay("ice", "glasses_" + N(i), "app_" + N(i)));
        }

        Assert.True(fx.Hub.RefusesRelays);
        pairs[0].App.DeliverHeld();
        Assert.False(fx.Hub.RefusesRelays);
        foreach (var (_, app) in pairs)
        {
            app.DeliverHeld();
        }
    }

    [Fact]
    public void Errors_ToAClientThatDoesNotRead_BoundedByItsShare_R34()
    {
        // State errors (1002) do not count as bad messages (R35), so only R34 bounds what a client
        // that sends and never reads can make the server queue for it.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var client = fx.Connect();
        client.AutoDeliver = false;
        for (var i = 0; i < 10; i++)
        {
            fx.Send(client, Messages.Leave("app_1"));
        }

        Assert.Null(client.CloseCode);
        Assert.Equal(10, fx.Hub.QueuedMessages);
        fx.Send(client, Messages.Leave("app_1"));
        Assert.Equal(CloseCodes.PolicyViolation, client.CloseCode);
        Assert.Equal(0, fx.Hub.QueuedMessages);
        Assert.Equal(10, client.DroppedQueued);
    }

    [Fact]
    public void ServerMessages_ToAPeerThatDoesNotRead_BoundedByItsShare_R34_R30()
    {
        // The app leaves and joins again and again; the glasses never read their leave and role messages.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var (glasses, app) = fx.Paired();
        glasses.AutoDeliver = false;
        for (var i = 0; i < 5; i++)
        {
            fx.Send(app, Messages.Leave("app_123456"));
            fx.Send(app, Messages.Join("app_123456"));
        }

        Assert.Equal(10, glasses.Held);
        Assert.Null(glasses.CloseCode);
        fx.Send(app, Messages.Leave("app_123456"));

        Assert.Equal(CloseCodes.PolicyViolation, glasses.CloseCode);
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        Assert.Equal(0, fx.Hub.QueuedMessages);
        fx.Send(app, Messages.Join("app_123456"));
        Assert.Equal("WAITING", Assert.Single(fx.Hub.GetStatus().Rooms).State);
    }

    [Fact]
    public void Relay_SenderItselfAboveItsShare_ItIsDisconnectedNotForwarded_R34()
    {
        // The sender does not read what it is sent (here: the errors for its refused joins). It holds
        // 9, under the 10 a receiver may hold, but the most of a full queue of 100 that fourteen
        // connections want room in (share 7): making room disconnects it.
        using var fx = new HubFixture(new SignalingOptions { MessageQueueSize = 100 });
        var pairs = Enumerable.Range(0, 13).Select(i => fx.Paired(N(i))).ToList();
        var (hog, peer) = pairs[0];
        hog.AutoDeliver = false;
        for (var i = 0; i < 9; i++)
        {
            fx.Send(hog, Messages.Join("glasses_0"));
        }

        for (var i = 1; i < 13; i++)
        {
            pairs[i].App.AutoDeliver = false;
            for (var k = 0; k < (i < 12 ? 8 : 3); k++)
            {
                fx.Send(pairs[i].Glasses, Messages.Relay("ice", "glasses_" + N(i), "app_" + N(i)));
            }
        }

        Assert.Equal(100, fx.Hub.QueuedMessages);
        fx.Send(hog, Messages.Relay("offer", "glasses_0", "app_0"));
        Assert.Equal(CloseCodes.PolicyViolation, hog.CloseCode);
        Assert.Empty(peer.Received);
        Assert.Equal(91, fx.Hub.QueuedMessages);
    }
}
