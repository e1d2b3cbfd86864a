using System.Text;
using Tandem.Client.Sessions;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>The data-channel API of a session, used as an application would: public members only.</summary>
public class DataChannelSessionTests
{
    [Fact]
    public async Task SendTextAsync_BeforeThePeerJoins_CompletesOnceQueuedAndArrivesInTheReader()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "dcsend1");
        await using var app = App(server, RtcFeatures.DataOnly, "dcsend1");
        var received = app.Messages;
        await device.StartAsync();
        await WaitJoinedAsync(server, device);

        var sending = device.SendTextAsync("hello before you came");
        var binary = device.SendBinaryAsync(new byte[] { 0, 1, 0xFF });
        Assert.False(sending.IsCompleted);
        await app.StartAsync();
        await sending.WaitAsync(Wait);
        await binary.WaitAsync(Wait);

        using var timeout = new CancellationTokenSource(Wait);
        var first = await received.ReadAsync(timeout.Token);
        var second = await received.ReadAsync(timeout.Token);
        Assert.Equal("hello before you came", first.Text);
        Assert.False(first.IsBinary);
        Assert.True(second.IsBinary);
        Assert.Equal([0, 1, 0xFF], second.Data);
    }

    [Fact]
    public async Task SendAsync_ManyBeforeTheChannelOpens_ArriveInTheOrderSent()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "dcorder1");
        await using var app = App(server, RtcFeatures.DataOnly, "dcorder1");
        var received = app.Messages;
        await device.StartAsync();
        await WaitJoinedAsync(server, device);

        // Waiting sends resumed in whatever order the thread pool ran them: a CI run got the binary first.
        var sends = Enumerable.Range(0, 20)
            .Select(i => i % 2 == 0 ? device.SendTextAsync($"text {i}") : device.SendBinaryAsync(new[] { (byte)i }))
            .ToList();
        await app.StartAsync();
        await Task.WhenAll(sends).WaitAsync(Wait);

        using var timeout = new CancellationTokenSource(Wait);
        for (var i = 0; i < 20; i++)
        {
            var message = await received.ReadAsync(timeout.Token);
            if (i % 2 == 0)
            {
                Assert.Equal($"text {i}", message.Text);
            }
            else
            {
                Assert.Equal([(byte)i], message.Data);
            }
        }
    }

    [Fact]
    public async Task CreateDataChannelAsync_PeerGetsTheChannelAndBothWaysWork()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "dcmore1");
        await using var app = App(server, RtcFeatures.DataOnly, "dcmore1");
        var arrived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.DataChannelReceived += channel =>
        {
            // Subscribed before the channel's first message is delivered: an echo server.
            channel.MessageReceived += message => channel.Send("echo " + message.Text);
            arrived.TrySetResult(channel.Label);
        };
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();

        var telemetry = await app.CreateDataChannelAsync("telemetry", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 }).WaitAsync(Wait);
        var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        telemetry.MessageReceived += message => echoed.TrySetResult(message.Text);
        telemetry.Send("battery 81");

        Assert.Equal("telemetry", await arrived.Task.WaitAsync(Wait));
        Assert.Equal("echo battery 81", await echoed.Task.WaitAsync(Wait));
        Assert.Equal(RtcDataChannelState.Open, telemetry.ReadyState);
        Assert.False(telemetry.Ordered);
    }

    [Fact]
    public async Task SendTextAsync_TooLarge_FailsNamingTheLimitAndTheChannelStaysUsable()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "dcbig1");
        await using var app = App(server, RtcFeatures.DataOnly, "dcbig1");
        var received = app.Messages;
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => device.SendTextAsync(new string('x', 300 * 1024)).WaitAsync(Wait));
        Assert.Contains("maximum", e.Message, StringComparison.OrdinalIgnoreCase);

        await device.SendTextAsync("small").WaitAsync(Wait);
        using var timeout = new CancellationTokenSource(Wait);
        Assert.Equal("small", Encoding.UTF8.GetString((await received.ReadAsync(timeout.Token)).Data));
    }

    [Fact]
    public async Task SendTextAsync_NoDataChannelFeature_ThrowsSayingWhichSwitch()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, new RtcFeatures { DataChannel = false }, "dcoff1");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => device.SendTextAsync("x"));

        Assert.Contains("RtcFeatures.DataChannel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTextAsync_SessionDisposedWhileWaiting_FailsAndTheReaderCompletes()
    {
        await using var server = await ServerHost.StartAsync();
        var device = Device(server, RtcFeatures.DataOnly, "dcgone1");
        var reader = device.Messages;
        await device.StartAsync();
        var sending = device.SendTextAsync("nobody is here");

        await device.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sending.WaitAsync(Wait));
        await reader.Completion.WaitAsync(Wait);
    }

    [Fact]
    public async Task SendTextAsync_Cancelled_StopsWaiting()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "dccancel1");
        await device.StartAsync();
        using var cancel = new CancellationTokenSource();
        var sending = device.SendTextAsync("later", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(Wait));
    }
}
