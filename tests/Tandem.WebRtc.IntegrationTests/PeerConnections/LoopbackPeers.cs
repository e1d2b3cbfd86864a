using System.Net;
using System.Threading.Channels;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Two of our peer connections on 127.0.0.1, signaling each other directly (trickle both ways).</summary>
internal sealed class LoopbackPeers : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public LoopbackPeers(Func<string, string>? tamperAnswer = null)
        : this(Loopback(), Loopback(), tamperAnswer)
    {
    }

    public LoopbackPeers(PeerConnectionOptions offererOptions, PeerConnectionOptions answererOptions, Func<string, string>? tamperAnswer = null)
    {
        Offerer = new PeerConnection(offererOptions);
        Answerer = new PeerConnection(answererOptions);
        TamperAnswer = tamperAnswer ?? (s => s);
        Offerer.IceCandidate += c => Answerer.AddIceCandidate(c);
        Answerer.IceCandidate += c => Offerer.AddIceCandidate(c);
        Answerer.DataChannel += c => IncomingAtAnswerer.Writer.TryWrite(c);
        Offerer.DataChannel += c => IncomingAtOfferer.Writer.TryWrite(c);
    }

    /// <summary>Options gathering on 127.0.0.1 only, with <paramref name="features"/> (data only by default) for <paramref name="endpoint"/>.</summary>
    public static PeerConnectionOptions Loopback(RtcFeatures? features = null, RtcEndpoint endpoint = RtcEndpoint.App) => new()
    {
        LocalAddresses = [IPAddress.Loopback],
        Features = features ?? RtcFeatures.DataOnly,
        Endpoint = endpoint,
    };

    public PeerConnection Offerer { get; }

    public PeerConnection Answerer { get; }

    public Channel<RtcDataChannel> IncomingAtAnswerer { get; } = Channel.CreateUnbounded<RtcDataChannel>();

    public Channel<RtcDataChannel> IncomingAtOfferer { get; } = Channel.CreateUnbounded<RtcDataChannel>();

    private Func<string, string> TamperAnswer { get; }

    /// <summary>One offer/answer exchange, the offerer's way round.</summary>
    public void Negotiate()
    {
        var offer = Offerer.CreateOffer();
        Offerer.SetLocalDescription(offer);
        Answerer.SetRemoteDescription(offer);
        var answer = Answerer.CreateAnswer();
        Answerer.SetLocalDescription(answer);
        Offerer.SetRemoteDescription(answer with { Sdp = TamperAnswer(answer.Sdp) });
    }

    /// <summary>A later exchange the other way round: the first answerer offers (renegotiation, RFC 8829 §5.2.2).</summary>
    public void NegotiateReverse()
    {
        var offer = Answerer.CreateOffer();
        Answerer.SetLocalDescription(offer);
        Offerer.SetRemoteDescription(offer);
        var answer = Offerer.CreateAnswer();
        Offerer.SetLocalDescription(answer);
        Answerer.SetRemoteDescription(answer);
    }

    public static Task<RtcPeerConnectionState> WaitForStateAsync(PeerConnection peer, RtcPeerConnectionState wanted)
    {
        var done = new TaskCompletionSource<RtcPeerConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.ConnectionStateChanged += s =>
        {
            if (s == wanted || s is RtcPeerConnectionState.Failed or RtcPeerConnectionState.Closed)
            {
                done.TrySetResult(s);
            }
        };
        var now = peer.ConnectionState;
        if (now == wanted || now is RtcPeerConnectionState.Failed or RtcPeerConnectionState.Closed)
        {
            done.TrySetResult(now);
        }

        return done.Task.WaitAsync(Timeout);
    }

    public static Task WaitOpenAsync(RtcDataChannel channel)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        return open.Task.WaitAsync(Timeout);
    }

    /// <summary>Completes when <paramref name="peer"/> raises MediaStarted; subscribe before negotiating.</summary>
    public static Task WhenMediaStartedAsync(PeerConnection peer)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.MediaStarted += () => started.TrySetResult();
        return started.Task;
    }

    /// <summary>Collects what a channel receives.</summary>
    public static Channel<RtcDataChannelMessage> Collect(RtcDataChannel channel)
    {
        var messages = Channel.CreateUnbounded<RtcDataChannelMessage>();
        channel.MessageReceived += m => messages.Writer.TryWrite(m);
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
    }
}
