using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    /// <summary>Raised for each data channel the peer opened (W3C <c>ondatachannel</c>); the channel is already open.</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>
    /// Creates the DTLS transport once our role is known and binds SCTP to it (when a data section was
    /// negotiated). The server starts its handshake at once (it only waits for the ClientHello; what it
    /// answers before ICE has a usable pair waits in the agent for one); the client starts when ICE has a
    /// pair, so its first flight is not lost to a missing path. DTLS that arrives before the transport
    /// exists (a ClientHello sent as soon as the peer's check succeeded) is held by <see cref="_iceTransport"/>.
    /// </summary>
    private void StartDtls()
    {
        bool startNow;
        EarlyDatagramBuffer iceTransport;
        lock (_gate)
        {
            if (_closed || _dtls is not null || _dtlsRole is not { } role || _iceTransport is null)
            {
                return;
            }

            // RFC 7983 §7: with RTP in the bundle, a demux splits DTLS from SRTP on the one ICE transport.
            iceTransport = _iceTransport;
            Transports.IDatagramTransport lower = iceTransport;
            if (_plan?.HasMedia == true)
            {
                _demux = new Transports.DatagramDemux(iceTransport);
                _rtpTransport = new EarlyDatagramBuffer(_demux.Rtp);
                lower = _demux.Dtls;
            }

            var dtls = new DtlsTransport(lower, role, _certificate, _options.Settings.Dtls);
            dtls.StateChanged += OnDtlsStateChanged;
            _dtls = dtls;
            if (_plan?.DataMid is not null)
            {
                EnsureSctpLocked();
                _sctpLink.Bind(dtls);
            }

            startNow = role == Dtls.DtlsRole.Server || _iceState is IceConnectionState.Connected or IceConnectionState.Completed;
        }

        // What ICE received so far (a ClientHello sent as soon as the peer's check succeeded) now reaches DTLS.
        iceTransport.Open();
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

        lock (_gate)
        {
            _dtlsConnectedAt ??= _time.GetUtcNow();
            UpdateConnectionStateLocked();
        }

        FlushEvents();
        StartMedia(dtls);
    }

    private void OnDtlsStateChanged(DtlsState state)
    {
        Sctp.SctpAssociation? sctp = null;
        lock (_gate)
        {
            _dtlsState = state;
            if (state == DtlsState.Connected)
            {
                _dtlsConnectedAt ??= _time.GetUtcNow();
                sctp = _closed ? null : _sctp;
            }
            else if (state == DtlsState.Failed)
            {
                _failureReason ??= "DTLS: " + _dtls?.FailureReason;
            }

            UpdateConnectionStateLocked();
        }

        // Raised on the handshake thread before DTLS delivers any record (see DtlsTransport.StateChanged), so
        // SCTP is in COOKIE-WAIT before the peer's INIT can reach it, and every handshake order converges
        // (RFC 9260 §5.2.1). RFC 8831 §6.1: both ends may send INIT.
        try
        {
            sctp?.Connect();
        }
        catch (ObjectDisposedException)
        {
            // Close() ran meanwhile: nothing left to connect.
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
            UpdateConnectionStateLocked();
        }

        FlushEvents();
    }

    /// <summary>An association that ends before it was ever established (handshake timed out, aborted) fails the connection.</summary>
    private void OnSctpClosed(string? reason)
    {
        lock (_gate)
        {
            if (_closed || _sctpEstablishedAt is not null || reason is null)
            {
                return;
            }

            _failureReason ??= "SCTP: " + reason;
            _sctpFailed = true;
            UpdateConnectionStateLocked();
        }

        FlushEvents();
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
