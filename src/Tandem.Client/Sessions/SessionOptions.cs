using Tandem.Client.Signaling;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>How a <see cref="PeerSession"/> reaches its peer and what it negotiates.</summary>
public sealed record SessionOptions
{
    /// <summary>The signaling server, our id and the reconnect policy.</summary>
    public required SignalingChannelOptions Signaling { get; init; }

    /// <summary>Which parts the peer connections negotiate (data channel, audio, video).</summary>
    public RtcFeatures Features { get; init; } = new();

    /// <summary>
    /// The template for every peer connection (candidate addresses, certificate, DTLS knobs, clock);
    /// the session sets <see cref="PeerConnectionOptions.Features"/> and <see cref="PeerConnectionOptions.Endpoint"/> itself.
    /// </summary>
    public PeerConnectionOptions PeerConnection { get; init; } = new();

    /// <summary>The label of the data channel the offerer creates (PROTOCOL.md R38).</summary>
    public string DataChannelLabel { get; init; } = "tandem";

    /// <summary>
    /// Whether <see cref="PeerSession.StartAsync"/> also starts <see cref="WebRtc.PeerConnections.PeerConnection.WarmUpAsync"/>
    /// (once per process, in the background): the first call's set-up then skips compiling the stack on
    /// the way. Costs about a second of CPU at start; turn off where that second matters more.
    /// </summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Shortest time between two ICE restarts the offerer starts on its own after ICE failed.</summary>
    public TimeSpan IceRestartInterval { get; init; } = TimeSpan.FromSeconds(3);
}
