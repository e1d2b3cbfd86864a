using Tandem.Client.Sessions;
using Tandem.Media.Clock;
using Tandem.Server.Tests.TestSupport;
using Tandem.Testing;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

public class PeerSessionTests
{
    internal static DeviceSession Device(ServerHost server, RtcFeatures features, string uid = "123456") =>
        new(Options(server, "glasses_" + uid, features), new MediaClock(), video: null, audio: null);

    internal static AppSession App(ServerHost server, RtcFeatures features, string uid = "123456") =>
        new(Options(server, "app_" + uid, features), new MediaClock());

    [Fact]
    public async Task DataOnly_DeviceJoinsFirst_DeviceOffersAndChatRoundTrips()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly);
        await using var app = App(server, RtcFeatures.DataOnly);
        var deviceEvents = new Events(device);
        var appEvents = new Events(app);
        device.TextReceived += text => device.SendText("echo: " + text);

        await device.StartAsync();
        Assert.Equal(SessionState.Waiting, await WaitStateAsync(device, SessionState.Waiting));
        await WaitJoinedAsync(server, device);
        await app.StartAsync();
        await deviceEvents.WaitForAsync("connected");
        await appEvents.WaitForAsync("connected");
        Assert.True(device.Role!.IsOfferer);
        Assert.False(app.Role!.IsOfferer);
        await WaitUntilAsync(() => app.DataChannelOpen, "the app's data channel to open");

        app.SendText("hello");
        await deviceEvents.WaitForAsync("text:hello");
        await appEvents.WaitForAsync("text:echo: hello");
        Assert.Equal(SessionState.Connected, app.State);
    }

    [Fact]
    public async Task DataOnly_BinaryMessage_ArrivesAsBinaryBothWays()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "binary1");
        await using var app = App(server, RtcFeatures.DataOnly, "binary1");
        var deviceEvents = new Events(device);
        var appEvents = new Events(app);
        device.BinaryReceived += data => device.SendBinary([0xEC, .. data]);

        await device.StartAsync();
        await WaitStateAsync(device, SessionState.Waiting);
        await app.StartAsync();
        await WaitUntilAsync(() => app.DataChannelOpen && device.DataChannelOpen, "both data channels to open");

        app.SendBinary([0x00, 0x01, 0xFE, 0xFF]);
        var beforeBinary = await deviceEvents.WaitForAsync("binary:0001feff");
        await appEvents.WaitForAsync("binary:ec0001feff");
        Assert.DoesNotContain(beforeBinary, e => e.StartsWith("text:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataOnly_PeerSendsAsSoonAsTheChannelOpens_FirstMessageArrivesWhileTheLoopIsBusy()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "firstmsg");
        await using var app = App(server, RtcFeatures.DataOnly, "firstmsg");
        var appEvents = new Events(app);
        var acknowledged = new TaskCompletionSource();

        // Holds the app's session loop from its Connected event on, until the device's first message was
        // acknowledged by the app's SCTP: the channel the device opens reaches the app meanwhile.
        app.Connected += () => acknowledged.Task.Wait(Wait);
        await device.StartAsync();
        await WaitStateAsync(device, SessionState.Waiting);
        await app.StartAsync();
        await WaitUntilAsync(() => device.DataChannelOpen, "the device's data channel to open");
        device.SendText("first");
        await WaitUntilAsync(() => device.PeerConnection?.GetStats().Sctp?.FlightSize == 0, "the app to acknowledge the first message");
        acknowledged.SetResult();

        await appEvents.WaitForAsync("text:first");
    }

    [Fact]
    public async Task SendText_NoOpenDataChannel_ThrowsSayingWhyInsteadOfDroppingTheText()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "sendearly");
        await using var audioOnly = Device(server, new RtcFeatures { Video = false, DataChannel = false }, "nodata");
        await device.StartAsync();

        var early = Assert.Throws<InvalidOperationException>(() => device.SendText("too early"));
        var never = Assert.Throws<InvalidOperationException>(() => audioOnly.SendText("no channel"));

        Assert.Contains("DataChannelOpen", early.Message, StringComparison.Ordinal);
        Assert.Contains("RtcFeatures.DataChannel", never.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignalingDrop_ResumedWithMediaUp_KeepsPeerConnection()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "resume1");
        await using var app = App(server, RtcFeatures.DataOnly, "resume1");
        var deviceEvents = new Events(device);
        var appEvents = new Events(app);
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();
        await appEvents.WaitForAsync("connected");
        await deviceEvents.WaitForAsync("connected");
        var before = app.PeerConnection;

        app.DropSignalingForTesting();
        await appEvents.WaitForAsync("paired-resumed");
        await deviceEvents.WaitForAsync("paired-resumed");

        Assert.Same(before, app.PeerConnection);
        await WaitUntilAsync(() => app.DataChannelOpen, "the data channel");
        app.SendText("still here");
        await deviceEvents.WaitForAsync("text:still here");
    }

    [Fact]
    public async Task AppRestartedWithoutLeave_RejoinsAndDeviceOffersANewConnection()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "restart1");
        var deviceEvents = new Events(device);
        await using var crashed = App(server, RtcFeatures.DataOnly, "restart1");
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await crashed.StartAsync();
        await deviceEvents.WaitForAsync("connected");
        var first = device.PeerConnection;

        await crashed.CrashSignalingForTestingAsync();
        await using var restarted = App(server, RtcFeatures.DataOnly, "restart1");
        var restartedEvents = new Events(restarted);
        await restarted.StartAsync();

        // R30 resumes the slot; the new app has no connection, so it leaves and joins again and the device offers afresh.
        var beforeConnected = await restartedEvents.WaitForAsync("connected");
        Assert.Equal(["paired-resumed", "paired"], beforeConnected);
        await deviceEvents.WaitForAsync("peer-left");
        await deviceEvents.WaitForAsync("connected");
        Assert.NotSame(first, device.PeerConnection);
        Assert.True(device.Role!.IsOfferer);
        await WaitUntilAsync(() => restarted.DataChannelOpen, "the new data channel");
        restarted.SendText("back");
        await deviceEvents.WaitForAsync("text:back");
    }

    [Fact]
    public async Task PeerLeaves_PeerLeftRaisedAndSessionWaits()
    {
        await using var server = await ServerHost.StartAsync();
        await using var device = Device(server, RtcFeatures.DataOnly, "leave1");
        var deviceEvents = new Events(device);
        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        var app = App(server, RtcFeatures.DataOnly, "leave1");
        await app.StartAsync();
        await deviceEvents.WaitForAsync("connected");

        await app.DisposeAsync();

        await deviceEvents.WaitForAsync("peer-left");
        Assert.Equal(SessionState.Waiting, device.State);
        Assert.Null(device.PeerConnection);
        Assert.Null(device.Role);
    }

    [Fact]
    public async Task StartAsync_ServerUnreachable_ThrowsServerUnreachable()
    {
        var server = await ServerHost.StartAsync();
        var options = Options(server, "glasses_1", RtcFeatures.DataOnly);
        await server.DisposeAsync();
        await using var device = new DeviceSession(options with { Signaling = options.Signaling with { StartAttempts = 1 } }, new MediaClock(), video: null, audio: null);

        var e = await Assert.ThrowsAsync<SessionException>(() => device.StartAsync());

        Assert.Equal(SessionErrorCode.ServerUnreachable, e.Error.Code);
        Assert.True(e.Error.IsFatal);
        Assert.Contains("cannot reach the signaling server", e.Message, StringComparison.Ordinal);
        Assert.Equal(SessionState.Closed, device.State);
    }

    [Fact]
    public async Task SecondDeviceWithSameIdAndRejectPolicy_FatalServerError1001()
    {
        await using var server = await ServerHost.StartAsync("DuplicateIdPolicy=reject");
        await using var first = Device(server, RtcFeatures.DataOnly, "dup1");
        await using var second = Device(server, RtcFeatures.DataOnly, "dup1");
        var errors = new TaskCompletionSource<SessionError>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Error += e => errors.TrySetResult(e);
        await first.StartAsync();
        await WaitJoinedAsync(server, first);

        await second.StartAsync();
        var error = await errors.Task.WaitAsync(Wait);

        Assert.Equal(SessionErrorCode.ServerError, error.Code);
        Assert.Equal(1001, error.ServerCode);
        Assert.True(error.IsFatal);
    }

    [Fact]
    public async Task VideoSourceFails_ReportedAndDataGoesOn()
    {
        await using var server = await ServerHost.StartAsync();
        var clock = new MediaClock();
        var errors = new TaskCompletionSource<SessionError>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var device = new DeviceSession(Options(server, "glasses_fail1", new RtcFeatures { Audio = false }), clock, new FailingVideoSource(clock, 5), audio: null);
        device.Error += e => errors.TrySetResult(e);
        var deviceEvents = new Events(device);

        await device.StartAsync();
        var error = await errors.Task.WaitAsync(Wait);

        Assert.Equal(SessionErrorCode.MediaSourceFailed, error.Code);
        Assert.Contains("the video source failed: ffmpeg exited with code 1", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsFatal);
        await using var app = App(server, new RtcFeatures { Audio = false }, "fail1");
        await app.StartAsync();
        await deviceEvents.WaitForAsync("connected");
        await WaitUntilAsync(() => app.DataChannelOpen, "the data channel");
        app.SendText("still talking");
        await deviceEvents.WaitForAsync("text:still talking");
    }

    [Fact]
    public void Constructor_NothingToNegotiate_Throws()
    {
        var options = new SessionOptions
        {
            Signaling = new Signaling.SignalingChannelOptions { Server = new Uri("ws://127.0.0.1:1/"), DeviceId = "glasses_1" },
            Features = new RtcFeatures { Audio = false, Video = false, DataChannel = false },
        };

        Assert.Throws<ArgumentException>(() => new DeviceSession(options, new MediaClock(), video: null, audio: null));
    }

    /// <summary>
    /// Waits until the server holds <paramref name="session"/> as an online room member. The session's
    /// Waiting state only says its join went out: a second session started before the server read that
    /// join could join first (and become the offerer, or the one refused as a duplicate).
    /// </summary>
    internal static async Task WaitJoinedAsync(ServerHost server, PeerSession session)
    {
        await WaitStateAsync(session, SessionState.Waiting);
        await WaitUntilAsync(
            () => server.Hub.GetStatus().Rooms.Any(r => r.Members.Any(m => m.DeviceId == session.DeviceId && m.Online)),
            $"the server to hold {session.DeviceId} in its room");
    }

    internal static async Task<SessionState> WaitStateAsync(PeerSession session, SessionState state)
    {
        await WaitUntilAsync(() => session.State == state, $"state {state} (is {session.State})");
        return session.State;
    }

    internal static Task WaitUntilAsync(Func<bool> condition, string what) => Poll.WaitUntilAsync(condition, what, Wait);
}
