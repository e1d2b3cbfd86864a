using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    /// <summary>Raised for each data channel the peer opened (W3C <c>ondatachannel</c>); the channel is already open.</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>
    /// Creates the DTLS transport once our role is known and binds SCTP to it (when a data section was negotiated). The server starts its
    /// handshake at once (it only waits for the ClientHello); the client starts when ICE has a pair,
    /// so its first flight is not lost to a missing path.
    /// </summary>
    private void StartDtls()
    {
        bool startNow;
        lock (_gate)
        {
            if (_closed || _dtls is not null || _dtlsRole is not { } role || _ice is null)
            {
                return;
            }

            // RFC 7983 §7: with RTP in the bundle, a demux splits DTLS from SRTP on the one ICE transport.
            Transports.IDatagramTransport lower = _ice.Transport;
            if (_plan?.HasMedia == true)
            {
                _demux = new Transports.DatagramDemux(_ice.Transport);
                _rtpTransport = new EarlyDatagramBuffer(_demux.Rtp);
                lower = _demux.Dtls;
            }

            var dtls = new DtlsTransport(lower, role, _certificate, _options.DtlsOptions);
            dtls.StateChanged += OnDtlsStateChanged;
            _dtls = dtls;
            if (_plan?.DataMid is not null)
            {
                EnsureSctpLocked();
                _sctpLink.Bind(dtls);
            }

            startNow = role == Dtls.DtlsRole.Server || _iceState is IceConnectionState.Connected or IceConnectionState.Completed;
        }

        if (startNow)
        {
            StartHandshake();
        }
    }

    private void StartHandshake()
    {
        DtlsTransport dtls;
        IReadOnlyList<DtlsFingerprint> fingerprints;
        lock (_gate)
        {
            if (_handshakeStarted || _closed || _dtls is null || _remote is null)
            {
                return;
            }

            _handshakeStarted = true;
            dtls = _dtls;
            fingerprints = _remote.Fingerprints;
        }

        _ = RunHandshakeAsync(dtls, fingerprints);
    }

    private async Task RunHandshakeAsync(DtlsTransport dtls, IReadOnlyList<DtlsFingerprint> fingerprints)
    {
        try
        {
            await dtls.ConnectAsync(fingerprints).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DtlsHandshakeException or OperationCanceledException or InvalidOperationException or IOException)
        {
            Fail("DTLS: " + (dtls.FailureReason ?? e.Message));
            return;
        }

        Sctp.SctpAssociation? sctp;
        lock (_gate)
        {
            _dtlsConnectedAt ??= _time.GetUtcNow();
            sctp = _closed ? null : _sctp;
            UpdateConnectionStateLocked();
        }

        FlushEvents();
        StartMedia(dtls);

        // RFC 8831 §6.1: both ends may send INIT; SCTP resolves the collision.
        sctp?.Connect();
    }

    private void OnDtlsStateChanged(DtlsState state)
    {
        lock (_gate)
        {
            _dtlsState = state;

            // Raised on the DTLS thread before it delivers any record, so this precedes SCTP's first packet.
            if (state == DtlsState.Connected)
            {
                _dtlsConnectedAt ??= _time.GetUtcNow();
            }
            else if (state == DtlsState.Failed)
            {
                _failureReason ??= "DTLS: " + _dtls?.FailureReason;
            }

            UpdateConnectionStateLocked();
        }

        FlushEvents();
    }

    private void OnIceConnectionStateChanged(IceConnectionState state)
    {
        var startHandshake = false;
        var turnErrors = state == IceConnectionState.Failed ? IceAgent?.CandidateErrors : null;
        lock (_gate)
        {
            _iceState = state;
            if (state is IceConnectionState.Connected or IceConnectionState.Completed)
            {
                _iceConnectedAt ??= _time.GetUtcNow();
                startHandshake = _dtls is not null && !_handshakeStarted;
            }
            else if (state == IceConnectionState.Failed)
            {
                // A TURN server's refusal (wrong or expired credentials, a bad certificate) is the reason to show.
                _failureReason ??= turnErrors is { Count: > 0 }
                    ? "ICE failed: " + string.Join("; ", turnErrors.Select(e => e.Message))
                    : "ICE failed";
            }

            Raise(() => SubscriberDispatch.Invoke(IceConnectionStateChanged, state, "PeerConnection.IceConnectionStateChanged", _options.Logger));
            UpdateConnectionStateLocked();
        }

        FlushEvents();
        if (startHandshake)
        {
            StartHandshake();
        }
    }

    private void OnSctpEstablished()
    {
        lock (_gate)
        {
            _sctpEstablishedAt ??= _time.GetUtcNow();
        }
    }

    private void OnDataChannelReceived(RtcDataChannel channel)
    {
        OnChannelOpened();
        SubscriberDispatch.Invoke(DataChannel, channel, "PeerConnection.DataChannel", _options.Logger);
    }

    private void OnChannelOpened()
    {
        lock (_gate)
        {
            _firstChannelOpenAt ??= _time.GetUtcNow();
            _channelsOpened++;
        }
    }

    private void Fail(string reason)
    {
        lock (_gate)
        {
            _failureReason ??= reason;
            _dtlsState = DtlsState.Failed;
            UpdateConnectionStateLocked();
        }

        FlushEvents();
    }
}
