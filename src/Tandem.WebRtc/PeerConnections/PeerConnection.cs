using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// A WebRTC peer connection shaped like the W3C RTCPeerConnection: JSEP offer/answer (RFC 8829) with
/// one BUNDLE transport, trickle ICE, DTLS checked against the SDP fingerprint, data channels over
/// SCTP (RFC 8831), and H.264 video and Opus audio over DTLS-SRTP as <see cref="RtcFeatures"/> says.
/// It composes the layers (<see cref="IceAgent"/> → <see cref="Transports.DatagramDemux"/> →
/// <see cref="DtlsTransport"/> → <see cref="SctpAssociation"/> → <see cref="DataChannelManager"/>, and
/// the demux's RTP side → <see cref="Media.RtpMediaSession"/>); nothing inherits from a transport.
/// </summary>
/// <remarks>
/// Threading: signaling methods may be called from any thread, one at a time. Every field is guarded
/// by <c>_gate</c>; lower layers are never called while it is held (their events take it), except to
/// construct them. Events are queued under the lock and raised after it is released, in order, by one
/// thread at a time.
/// </remarks>
public sealed partial class PeerConnection : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly PeerConnectionOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly string _sessionId = LocalParameters.NewSessionId();
    private readonly LateBoundTransport _sctpLink = new();
    private readonly DateTimeOffset _createdAt;
    private ulong _sessionVersion = 1;
    private IceCredentials _localCredentials = IceCredentials.Generate();
    private IceAgent? _ice;

    // The ICE agent's datagrams, held from its creation until the DTLS transport exists (see StartDtls).
    private EarlyDatagramBuffer? _iceTransport;
    private DtlsTransport? _dtls;
    private SctpAssociation? _sctp;
    private DataChannelManager? _channels;
    private RemoteParameters? _remote;
    private RtcSessionDescriptionInit? _localDescription;
    private RtcSessionDescriptionInit? _remoteDescription;
    private bool? _isOfferer;
    private readonly LocalMedia _media;
    private readonly (IReadOnlyList<System.Net.IPEndPoint> Stun, IReadOnlyList<Turn.TurnServer> Turn) _iceServers;
    private MediaPlan? _plan;
    private string _transportMid = "0";
    private int _transportIndex;
    private DtlsRole? _dtlsRole;
    private bool _handshakeStarted;
    private bool _closed;

    /// <summary>Creates a connection; nothing is sent and no socket is opened until a description is set.</summary>
    /// <exception cref="ArgumentException">The options' <see cref="RtcFeatures"/> has nothing on, the video profile is malformed, or an ICE server URL is bad.</exception>
    public PeerConnection(PeerConnectionOptions? options = null)
    {
        _options = options ?? new PeerConnectionOptions();
        _media = LocalMedia.From(_options);
        _iceServers = RtcIceServer.Split(_options.IceServers);
        _certificate = _options.Certificate ?? DtlsCertificate.Default;
        _time = _options.TimeProvider;
        _createdAt = _time.GetUtcNow();
    }

    /// <summary>
    /// The local description last set (W3C <c>localDescription</c>), or null. Like a browser's, it lists
    /// the candidates gathered so far in its first bundled section, and <c>a=end-of-candidates</c> once gathering is
    /// complete, so a peer without trickle can be given it.
    /// </summary>
    public RtcSessionDescriptionInit? LocalDescription
    {
        get
        {
            RtcSessionDescriptionInit? description;
            IceAgent? ice;
            lock (_gate)
            {
                (description, ice) = (_localDescription, _ice);
            }

            if (description is null || ice is null || !SdpSessionDescription.TryParse(description.Sdp, out var sdp, out _)
                || sdp.Media.Find(m => !m.IsRejected) is not { } section)
            {
                return description;
            }

            foreach (var candidate in ice.LocalCandidates)
            {
                section.Candidates.Add(candidate.ToString()["candidate:".Length..]);
            }

            section.EndOfCandidates = ice.GatheringState == IceGatheringState.Complete;
            return description with { Sdp = sdp.ToString() };
        }
    }

    /// <summary>The remote description last set (W3C <c>remoteDescription</c>), or null.</summary>
    public RtcSessionDescriptionInit? RemoteDescription { get { lock (_gate) { return _remoteDescription; } } }

    /// <summary>Our certificate's fingerprint, as written in <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint LocalFingerprint => _certificate.Fingerprint;

    /// <summary>The DTLS role in force once known (from the answer's <c>a=setup</c>).</summary>
    public DtlsRole? DtlsRole { get { lock (_gate) { return _dtlsRole; } } }

    /// <summary>The ICE agent, once a description created it (for diagnostics and tests).</summary>
    internal IceAgent? IceAgent { get { lock (_gate) { return _ice; } } }

    /// <summary>The DTLS transport, once the DTLS role is known.</summary>
    internal DtlsTransport? DtlsTransport { get { lock (_gate) { return _dtls; } } }

    /// <summary>The SCTP association, once a data channel or a remote description created it.</summary>
    internal SctpAssociation? SctpAssociation { get { lock (_gate) { return _sctp; } } }

    /// <summary>
    /// Creates a data channel (W3C <c>createDataChannel</c>). It may be called before connecting: the
    /// channel opens once SCTP is up. Stream ids follow RFC 8832 §6 (DTLS client even, server odd); a
    /// channel created before the DTLS role is known assumes we will be the DTLS server when we offer and
    /// the client when we answer, which is what our answers and browsers' answers (<c>a=setup:active</c>) give.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is closed, or its features have no data channel.</exception>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        DataChannelManager channels;
        lock (_gate)
        {
            ThrowIfClosed();
            if (!_media.Features.DataChannel || _plan is { DataMid: null })
            {
                throw new InvalidOperationException("This connection negotiates no data channel (RtcFeatures.DataChannel).");
            }

            channels = EnsureSctpLocked();
        }

        var channel = channels.CreateDataChannel(label, init);
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            OnChannelOpened();
        }
        else
        {
            channel.Opened += OnChannelOpened;
        }

        return channel;
    }

    /// <summary>
    /// Closes every transport (W3C <c>close</c>): channels close, the peer is told through SCTP ABORT and DTLS close_notify.
    /// Idempotent, and it never throws, even while the peer is closing its side at the same moment.
    /// </summary>
    public void Close()
    {
        IceAgent? ice;
        DtlsTransport? dtls;
        SctpAssociation? sctp;
        Media.RtpMediaSession? media;
        Transports.DatagramDemux? demux;
        EarlyDatagramBuffer? rtpTransport;
        EarlyDatagramBuffer? iceTransport;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            (ice, dtls, sctp, media, demux, rtpTransport, iceTransport) = (_ice, _dtls, _sctp, _mediaSession, _demux, _rtpTransport, _iceTransport);
            SetSignalingStateLocked(RtcSignalingState.Closed);
            UpdateConnectionStateLocked();
        }

        // RTCP BYE is not sent: DTLS close_notify and ICE consent expiry tell the peer. The peer may be
        // tearing the same session down at this moment (its ABORT and close_notify crossing ours), so each
        // step runs even if an earlier one met a layer already closed from below: Close never throws.
        TearDown(() => media?.Dispose());
        TearDown(() => sctp?.Abort("peer connection closed"));
        TearDown(() => sctp?.Dispose());
        _sctpLink.Unbind();
        TearDown(() => dtls?.CloseAsync().AsTask().GetAwaiter().GetResult());
        TearDown(() => rtpTransport?.Dispose());
        TearDown(() => demux?.Dispose());
        TearDown(() => iceTransport?.Dispose());
        TearDown(() => ice?.Dispose());
        FlushEvents();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs one step of <see cref="Close"/>; a layer that the peer already closed from below is simply done.</summary>
    private static void TearDown(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException)
        {
            // The layer is gone either way: what matters is that the later steps still release theirs.
        }
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);

    private LocalParameters LocalParametersLocked() =>
        new(_sessionId, _sessionVersion++, _localCredentials, _certificate.Fingerprint, _options.Settings.Sctp.Port, _options.Settings.Sctp.MaxMessageSize);

    /// <summary>Creates the association and channel manager on first need (a data channel, or a remote description).</summary>
    private DataChannelManager EnsureSctpLocked()
    {
        if (_channels is not null)
        {
            return _channels;
        }

        _sctp = new SctpAssociation(_sctpLink, new SctpAssociationOptions
        {
            LocalPort = _options.Settings.Sctp.Port,
            RemotePort = _remote?.SctpPort ?? 5000,
            MaxMessageSize = _options.Settings.Sctp.MaxMessageSize,
            Mtu = _options.Settings.Sctp.Mtu,
        });
        var expectClient = _dtlsRole is { } role ? role == Dtls.DtlsRole.Client : _isOfferer == false;
        _channels = new DataChannelManager(_sctp, expectClient, _remote?.MaxMessageSize);
        _sctp.Established += OnSctpEstablished;
        _sctp.Closed += OnSctpClosed;
        _channels.DataChannelReceived += OnDataChannelReceived;
        return _channels;
    }

    private static SdpSetup SetupFor(DtlsRole role) => role == Dtls.DtlsRole.Client ? SdpSetup.Active : SdpSetup.Passive;
}
