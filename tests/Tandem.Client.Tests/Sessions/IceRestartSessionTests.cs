using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// Network handover at the session level, on loopback: one side's outgoing datagrams are dropped (its path
/// died) until the restart machinery has acted; the offerer then restarts ICE on its own, and an answering
/// side asks the offerer with <c>restart</c> (PROTOCOL.md R44). Media comes back on the same peer connection.
/// </summary>
public class IceRestartSessionTests
{
    [Fact]
    public async Task OffererHearsNothing_RestartsIceByItself_MediaResumes()
    {
        await using var server = await ServerHost.StartAsync();
        var deviceDrops = new DropSwitch();
        await using var call = await Call.StartAsync(server, "offerer_restart", appDrops: new DropSwitch(), deviceDrops);

        deviceDrops.On = true;
        await WaitUntilAsync(() => call.AppNotes.Contains("ICE heard nothing from the peer: restarting ICE"), "the app's restart");
        deviceDrops.On = false;

        await WaitUntilAsync(() => call.AppNotes.Contains("sent an ICE-restart offer"), "the restart offer");
        await call.WaitForFramesAsync(50);
        Assert.Same(call.AppConnection, call.App.PeerConnection);
        Assert.Same(call.DeviceConnection, call.Device.PeerConnection);
        Assert.DoesNotContain(call.DeviceNotes, n => n.Contains("asking the peer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswererHearsNothing_AsksTheOfferer_WhichRestartsIce()
    {
        await using var server = await ServerHost.StartAsync();
        var appDrops = new DropSwitch();
        await using var call = await Call.StartAsync(server, "answerer_restart", appDrops, deviceDrops: new DropSwitch());

        appDrops.On = true;
        await WaitUntilAsync(() => call.DeviceNotes.Contains("ICE heard nothing from the peer: asking the peer for an ICE restart"), "the device's request");
        appDrops.On = false;

        await WaitUntilAsync(() => call.AppNotes.Contains("the peer asked for an ICE restart"), "the request at the app");
        await WaitUntilAsync(() => call.AppNotes.Contains("sent an ICE-restart offer"), "the restart offer");
        await call.WaitForFramesAsync(50);
        Assert.Same(call.AppConnection, call.App.PeerConnection);
        Assert.Same(call.DeviceConnection, call.Device.PeerConnection);
    }

    /// <summary>Drops every outgoing datagram of one side while on (the test hook of <see cref="PeerConnectionOptions.OutgoingFilter"/>).</summary>
    private sealed class DropSwitch
    {
        public volatile bool On;
    }

    /// <summary>The app joins first (it offers); the device answers and sends video, the app sends audio back.</summary>
    private sealed class Call : IAsyncDisposable
    {
        private readonly List<string> _appNotes = [];
        private readonly List<string> _deviceNotes = [];

        private Call(AppSession app, DeviceSession device)
        {
            App = app;
            Device = device;
            app.Note += note => { lock (_appNotes) { _appNotes.Add(note); } };
            device.Note += note => { lock (_deviceNotes) { _deviceNotes.Add(note); } };
        }

        public AppSession App { get; }

        public DeviceSession Device { get; }

        public PeerConnection? AppConnection { get; private set; }

        public PeerConnection? DeviceConnection { get; private set; }

        public IReadOnlyList<string> AppNotes { get { lock (_appNotes) { return [.. _appNotes]; } } }

        public IReadOnlyList<string> DeviceNotes { get { lock (_deviceNotes) { return [.. _deviceNotes]; } } }

        public static async Task<Call> StartAsync(ServerHost server, string uid, DropSwitch appDrops, DropSwitch deviceDrops)
        {
            var deviceClock = new MediaClock();
            var appClock = new MediaClock();
            var device = new DeviceSession(WithDrops(Options(server, "glasses_" + uid, new RtcFeatures()), deviceDrops), deviceClock, new FakeVideoSource(deviceClock), null);
            var app = new AppSession(
                WithDrops(Options(server, "app_" + uid, new RtcFeatures()), appDrops), appClock, new ToneAudioSource(appClock, new ToneGenerator(16_000, 440, 0.3)), null, null);
            var call = new Call(app, device);
            var appEvents = new Events(app);
            await app.StartAsync();
            await WaitJoinedAsync(server, app);
            await device.StartAsync();
            await appEvents.WaitForAsync("media");
            await WaitUntilAsync(() => app.VideoReceived.Frames >= 25 && device.AudioReceived.Frames >= 25, "video at the app and audio at the device");
            call.AppConnection = app.PeerConnection;
            call.DeviceConnection = device.PeerConnection;
            return call;
        }

        public async Task WaitForFramesAsync(int count)
        {
            var target = App.VideoReceived.Frames + count;
            await WaitUntilAsync(() => App.VideoReceived.Frames >= target, $"{count} more frames at the app");
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Device.DisposeAsync();
        }

        private static SessionOptions WithDrops(SessionOptions options, DropSwitch drops) => options with
        {
            PeerConnection = options.PeerConnection with { OutgoingFilter = _ => drops.On },
        };
    }
}
