using System.Net;
using System.Threading.Channels;
using Tandem.Client.Sessions;
using Tandem.Client.Signaling;
using Tandem.Media.Clock;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// The glasses' side against a phone app that comes back without its state and does not leave and join
/// again (an older page, another team's app): it answers the glasses' ICE restart from a brand-new
/// connection, which a DTLS session cannot continue. The device must notice and start a new connection.
/// </summary>
public class StatelessAnswererTests
{
    [Fact]
    public async Task ResumedAppAnswersIceRestartFromNewConnection_DeviceStartsANewOneAndConnects()
    {
        const string Uid = "stateless1";
        await using var server = await ServerHost.StartAsync();
        await using var device = new DeviceSession(Options(server, "glasses_" + Uid, RtcFeatures.DataOnly), new MediaClock(), video: null, audio: null);
        var deviceEvents = new Events(device);
        var notes = new List<string>();
        device.Note += note => { lock (notes) { notes.Add(note); } };
        await using (var old = new AppSession(Options(server, "app_" + Uid, RtcFeatures.DataOnly), new MediaClock()))
        {
            // The device joins first, so it is the offerer (R18): the one that restarts ICE.
            await device.StartAsync();
            await PeerSessionTests.WaitUntilAsync(() => server.Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_" + Uid), "the device's room");
            await old.StartAsync();
            await deviceEvents.WaitForAsync("connected");

            // The app vanishes: no leave, and its connection is gone (closed, as a browser closes it on unload).
            await old.CrashSignalingForTestingAsync();
            old.PeerConnection!.Close();
            await PeerSessionTests.WaitUntilAsync(() => device.PeerConnection?.ConnectionState != RtcPeerConnectionState.Connected, "the device to see its media down");
        }

        await using var app = await NaiveAnswerer.JoinAsync(server, "app_" + Uid);

        // R30: resumed, media down, so the device restarts ICE; the answer comes from a connection it never
        // had a DTLS session with, so it offers a new connection, which the app answers on a new one too.
        try
        {
            await deviceEvents.WaitForAsync("connected");
            await PeerSessionTests.WaitUntilAsync(() => app.Connections() is [_, { ConnectionState: RtcPeerConnectionState.Connected }], "the app's second connection");
        }
        catch (TimeoutException e)
        {
            lock (notes)
            {
                throw new TimeoutException($"{e.Message}\ndevice notes: {string.Join(" | ", notes)}\napp connections: {app.Connections().Length}", e);
            }
        }

        lock (notes)
        {
            Assert.Contains("sent an ICE-restart offer", notes);
            Assert.Contains("the peer answered from a new connection (new SDP session or DTLS fingerprint): starting a new one", notes);
        }

        Assert.Equal(RtcPeerConnectionState.Connected, device.PeerConnection!.ConnectionState);
    }

    /// <summary>
    /// An app that answers every offer, on a new connection whenever the offer comes from a connection it
    /// does not know (new SDP session id), and never leaves and joins again.
    /// </summary>
    private sealed class NaiveAnswerer : IAsyncDisposable
    {
        private readonly Channel<PeerMessage> _inbox = Channel.CreateUnbounded<PeerMessage>();
        private readonly SignalingChannel _signaling;
        private Task _loop = Task.CompletedTask;
        private string? _remote;

        private NaiveAnswerer(SignalingChannel signaling) => _signaling = signaling;

        private readonly List<PeerConnection> _connections = [];

        /// <summary>The connections it answered on, oldest first.</summary>
        public PeerConnection[] Connections()
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }

        public static async Task<NaiveAnswerer> JoinAsync(ServerHost server, string id)
        {
            var app = new NaiveAnswerer(new SignalingChannel(Options(server, id, RtcFeatures.DataOnly).Signaling));
            app._signaling.PeerMessageReceived += m => app._inbox.Writer.TryWrite(m);
            app._loop = Task.Run(app.RunAsync);
            await app._signaling.StartAsync();
            return app;
        }

        public async ValueTask DisposeAsync()
        {
            _inbox.Writer.TryComplete();
            await _loop;
            await _signaling.DisposeAsync();
            foreach (var pc in Connections())
            {
                pc.Close();
            }
        }

        private async Task RunAsync()
        {
            await foreach (var message in _inbox.Reader.ReadAllAsync())
            {
                if (message.Type == PeerMessageType.Offer && SignalingPayloads.TryParseDescription(message.Data, RtcSdpType.Offer, out var offer))
                {
                    var remote = SignalingPayloads.Connection(offer!.Sdp);
                    if (remote != _remote || Connections().Length == 0)
                    {
                        var created = new PeerConnection(new PeerConnectionOptions { LocalAddresses = [IPAddress.Loopback], Features = RtcFeatures.DataOnly });
                        created.IceCandidate += c => _ = _signaling.SendAsync(PeerMessageType.Ice, SignalingPayloads.Candidate(c));
                        lock (_connections)
                        {
                            _connections.Add(created);
                        }
                    }

                    var pc = Connections()[^1];
                    _remote = remote;
                    pc.SetRemoteDescription(offer);
                    var answer = pc.CreateAnswer();
                    pc.SetLocalDescription(answer);
                    await _signaling.SendAsync(PeerMessageType.Answer, SignalingPayloads.Description(answer));
                }
                else if (message.Type == PeerMessageType.Ice && Connections() is [.., var last] && SignalingPayloads.TryParseCandidate(message.Data, out var candidate))
                {
                    last.AddIceCandidate(candidate!);
                }
            }
        }
    }
}
