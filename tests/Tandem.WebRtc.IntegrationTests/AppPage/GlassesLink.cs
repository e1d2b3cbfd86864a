using System.Text.Json;
using System.Threading.Channels;
using Tandem.Client.Signaling;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>
/// The "glasses" for app-page tests: a <see cref="BrowserPeer"/> (fake camera and mic) whose
/// offer/answer/ICE are relayed through a real <see cref="SignalingChannel"/> as <c>glasses_&lt;uid&gt;</c>.
/// It follows the role message as the device does: as offerer it sends video (H.264 only, with its rtx) and
/// audio and creates the "tandem" channel; as answerer it answers with its camera and mic.
/// A resumed role is ignored once it has a peer connection; a new link that takes over a held
/// slot (a restarted device) starts afresh instead. Signaling is handled one message at a time, in arrival order.
/// </summary>
public sealed class GlassesLink : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly string[] H264 = ["video/H264", "video/rtx"];

    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<SessionDescriptionInit> _remoteDescription = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _log = [];
    private Task _loop = Task.CompletedTask;
    private Task _forward = Task.CompletedTask;
    private bool _hasPeerConnection;

    private GlassesLink(BrowserPeer peer, SignalingChannel signaling)
    {
        Peer = peer;
        Signaling = signaling;
    }

    public BrowserPeer Peer { get; }

    public SignalingChannel Signaling { get; }

    /// <summary>The offer or answer the app page sent.</summary>
    public Task<SessionDescriptionInit> RemoteDescription => _remoteDescription.Task;

    /// <summary>Opens the glasses' page and joins as <paramref name="deviceId"/>.</summary>
    public static async Task<GlassesLink> JoinAsync(ChromiumFixture chromium, Uri server, string deviceId)
    {
        var peer = await chromium.OpenPeerAsync();
        var signaling = new SignalingChannel(new SignalingChannelOptions { Server = server, DeviceId = deviceId });
        var link = new GlassesLink(peer, signaling);
        signaling.RoleAssigned += role => link._inbox.Writer.TryWrite(role);
        signaling.PeerMessageReceived += message => link._inbox.Writer.TryWrite(message);
        signaling.ErrorReceived += error => link.Note($"server error {error.Code}: {error.Message}");
        signaling.PeerLeft += left => link.Note($"peer left: {left.PeerId} ({left.Reason})");
        link._loop = Task.Run(link.RunAsync);
        await signaling.StartAsync();
        return link;
    }

    /// <summary>What the glasses' side saw, for failure messages.</summary>
    public string Diagnostics()
    {
        lock (_log)
        {
            return $"glasses notes:\n{string.Join('\n', _log)}\nglasses page log:\n{string.Join('\n', Peer.Log)}";
        }
    }

    /// <summary>Leaves (R25), stops the relay and closes the page; rethrows a relay failure.</summary>
    public async ValueTask DisposeAsync()
    {
        _inbox.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loop, _forward);
        }
        catch (OperationCanceledException)
        {
            // The relay ends by cancellation when the test is done.
        }
        finally
        {
            await Signaling.DisposeAsync();
            await Peer.DisposeAsync();
            _stop.Dispose();
        }
    }

    private async Task RunAsync()
    {
        await foreach (var item in _inbox.Reader.ReadAllAsync(_stop.Token))
        {
            try
            {
                await HandleAsync(item);
            }
            catch (Exception e) when (e is InvalidOperationException or SignalingException or TimeoutException)
            {
                Note($"{item}: {e.Message}");
            }
        }
    }

    private async Task HandleAsync(object item)
    {
        switch (item)
        {
            case RoleAssignment { Resumed: true } when _hasPeerConnection:
                Note("pairing resumed: media is up, nothing to renegotiate");
                break;
            case RoleAssignment { IsOfferer: true }:
                await Peer.CreatePeerConnectionAsync();
                StartForwardingCandidates();
                await Peer.AddFakeMediaAsync(audio: true, video: true);
                await Peer.SetCodecPreferencesAsync("video", H264, "packetization-mode=1");
                await Peer.CreateDataChannelAsync("tandem", new DataChannelInit(Ordered: true));
                var offer = await Peer.CreateOfferAsync();
                await Peer.SetLocalDescriptionAsync(offer);
                await SendAsync(PeerMessageType.Offer, offer);
                break;
            case RoleAssignment:
                await Peer.CreatePeerConnectionAsync();
                StartForwardingCandidates();
                break;
            case PeerMessage { Type: PeerMessageType.Offer } message:
                var remoteOffer = message.Data.Deserialize<SessionDescriptionInit>(Json)!;
                _remoteDescription.TrySetResult(remoteOffer);
                await Peer.SetRemoteDescriptionAsync(remoteOffer);
                await Peer.AddFakeMediaAsync(audio: true, video: true);
                var answer = await Peer.CreateAnswerAsync();
                await Peer.SetLocalDescriptionAsync(answer);
                await SendAsync(PeerMessageType.Answer, answer);
                break;
            case PeerMessage { Type: PeerMessageType.Answer } message:
                var remoteAnswer = message.Data.Deserialize<SessionDescriptionInit>(Json)!;
                _remoteDescription.TrySetResult(remoteAnswer);
                await Peer.SetRemoteDescriptionAsync(remoteAnswer);
                break;
            case PeerMessage { Type: PeerMessageType.Ice } message:
                await Peer.AddIceCandidateAsync(message.Data.Deserialize<IceCandidateInit>(Json)!);
                break;
        }
    }

    // One forwarding loop for the page's lifetime: the harness's candidate stream spans every peer connection.
    private void StartForwardingCandidates()
    {
        _hasPeerConnection = true;
        if (_forward.IsCompleted)
        {
            _forward = Peer.ForwardCandidatesAsync(c => SendAsync(PeerMessageType.Ice, c), _stop.Token);
        }
    }

    private Task SendAsync<T>(PeerMessageType type, T data) =>
        Signaling.SendAsync(type, JsonSerializer.SerializeToElement(data, Json), _stop.Token);

    private void Note(string text)
    {
        lock (_log)
        {
            _log.Add(text);
        }
    }
}
