using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>The 4-way handshake (RFC 9260 §5.1) including INIT collision (§5.2).</summary>
internal sealed partial class SctpAssociation
{
    private const int InitParametersCapacity = 256;

    /// <summary>
    /// Starts the association by sending INIT (RFC 9260 §5.1 A). Both peers may call it at the same time
    /// (simultaneous open, as libwebrtc does); the collision rules of §5.2 then settle on one association.
    /// A no-op when the association is already being set up or running (e.g. the peer's COOKIE ECHO got here first).
    /// Our INIT carries the tag of any INIT ACK we already sent while closed, so a peer that answered that
    /// INIT ACK converges with us even if it never answers our INIT.
    /// </summary>
    public void Connect()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != SctpAssociationState.Closed)
            {
                return;
            }

            EnsureLocalIdentity();
            _state = SctpAssociationState.CookieWait;
            SendInit();
            _t1.Attempts = 0;
            _t1.Start(_options.RtoInitial);
        }

        AfterUnlock();
    }

    /// <summary>
    /// RFC 9260 §5.3.1: picks our tag and initial TSN once per association attempt (cleared when it closes):
    /// the INIT ACK we send while closed and our own INIT then carry the same ones.
    /// </summary>
    private void EnsureLocalIdentity()
    {
        if (_myTag == 0)
        {
            SetLocalIdentity(RandomUInt32(nonZero: true), RandomUInt32(nonZero: false));
        }
    }

    private void SetLocalIdentity(uint tag, uint initialTsn)
    {
        _myTag = tag;
        _myInitialTsn = initialTsn;
        _nextTsn = initialTsn;
        _cumAckFromPeer = initialTsn - 1;
        _advancedPeerAckPoint = _cumAckFromPeer;
        _nextReconfigRequestSeq = initialTsn;
    }

    private void SetPeerIdentity(uint tag, uint initialTsn, uint rwnd, bool forwardTsn, bool reConfig)
    {
        _peerTag = tag;
        _tsns = new SctpTsnTracker(initialTsn);
        _dataReceived = false;
        _peerRwnd = rwnd;
        _peerForwardTsn = forwardTsn;
        _peerReConfig = reConfig;
        _expectedPeerReconfigSeq = initialTsn;
    }

    private void SendInit()
    {
        Span<byte> parameters = stackalloc byte[SctpExtensionSupport.OfferLength];
        SctpExtensionSupport.WriteOffer(parameters);
        var init = new SctpInitChunk(_myTag, (uint)_options.ReceiveWindow, _options.Streams, _options.Streams, _myInitialTsn, parameters);
        var builder = StartPacket(0, out var buffer);
        builder.Advance(init.WriteTo(builder.Free));
        EnqueuePacket(buffer, builder.Finish());
    }

    private void HandleInit(in SctpInitChunk init)
    {
        uint tieLocal = 0;
        uint tiePeer = 0;
        switch (_state)
        {
            case SctpAssociationState.Closed:
                // RFC 9260 §5.1 B: answered without keeping state; the tag is the one a later Connect() sends too.
                EnsureLocalIdentity();
                break;
            case SctpAssociationState.CookieWait:
                // RFC 9260 §5.2.1: a colliding INIT gets the parameters of our own INIT; state and T1 stay.
                break;
            case SctpAssociationState.CookieEchoed:
                // RFC 9260 §5.2.1: likewise, and in COOKIE-ECHOED the tie-tags carry the current tags.
                tieLocal = _myTag;
                tiePeer = _peerTag;
                break;
            default:
                // A peer restart (§5.2.2) is not supported: keep the running association.
                return;
        }

        var tag = _myTag;
        var tsn = _myInitialTsn;

        SctpExtensionSupport.Read(init.Parameters, out var forwardTsn, out var reConfig);
        var cookie = new SctpCookie(tag, init.InitiateTag, tsn, init.InitialTsn, init.ARwnd, forwardTsn, reConfig, tieLocal, tiePeer, Now);

        Span<byte> parameters = stackalloc byte[InitParametersCapacity];
        Span<byte> cookieBytes = stackalloc byte[SctpCookie.Length];
        cookie.Write(cookieBytes, _cookieKey);
        var length = SctpParameter.Write(parameters, SctpParameter.StateCookie, cookieBytes);
        length += SctpExtensionSupport.WriteOffer(parameters[length..]);
        var initAck = new SctpInitAckChunk(tag, (uint)_options.ReceiveWindow, _options.Streams, _options.Streams, tsn, parameters[..length]);
        var builder = StartPacket(init.InitiateTag, out var buffer);
        builder.Advance(initAck.WriteTo(builder.Free));
        EnqueuePacket(buffer, builder.Finish());
    }

    private void HandleInitAck(in SctpInitAckChunk initAck)
    {
        if (_state != SctpAssociationState.CookieWait
            || !SctpParameter.TryFind(initAck.Parameters, SctpParameter.StateCookie, out var cookie)
            || cookie.IsEmpty)
        {
            return;
        }

        SctpExtensionSupport.Read(initAck.Parameters, out var forwardTsn, out var reConfig);
        SetPeerIdentity(initAck.InitiateTag, initAck.InitialTsn, initAck.ARwnd, forwardTsn, reConfig);
        _cookieToEcho = cookie.ToArray();
        _state = SctpAssociationState.CookieEchoed;
        SendCookieEcho();
        _t1.Attempts = 0;
        _t1.Start(_rto.Rto);
    }

    private void SendCookieEcho()
    {
        var echo = new SctpCookieEchoChunk(_cookieToEcho);
        var builder = StartPacket(_peerTag, out var buffer);
        builder.Advance(echo.WriteTo(builder.Free));
        EnqueuePacket(buffer, builder.Finish());
    }

    private void HandleCookieEcho(uint vtag, in SctpCookieEchoChunk echo)
    {
        if (!SctpCookie.TryRead(echo.Cookie, _cookieKey, out var cookie) || vtag != cookie.MyTag)
        {
            return;
        }

        var age = Now - cookie.CreatedAt;
        if (age < 0 || age > _options.CookieLifetime.TotalSeconds * _time.TimestampFrequency)
        {
            return;
        }

        var myMatch = cookie.MyTag == _myTag;
        var peerMatch = cookie.PeerTag == _peerTag;
        if (_state == SctpAssociationState.Closed)
        {
            SetLocalIdentity(cookie.MyTag, cookie.MyInitialTsn);
            AdoptPeerFromCookie(cookie);
        }
        else if (myMatch && !peerMatch)
        {
            // RFC 9260 §5.2.4 action B: the INIT collision case; take the peer's tag from the cookie.
            AdoptPeerFromCookie(cookie);
        }
        else if (!myMatch)
        {
            // Action A (peer restart) is not supported; action C (stale tie-tags) is silently discarded.
            return;
        }

        // Action D (both tags match) and the cases above: establish if not yet, and (re-)acknowledge.
        QueueControl(SctpCookieAckChunk.Length, default, static (d, _) => default(SctpCookieAckChunk).WriteTo(d));
        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            EnterEstablished();
        }
    }

    private void AdoptPeerFromCookie(in SctpCookie cookie) =>
        SetPeerIdentity(cookie.PeerTag, cookie.PeerInitialTsn, cookie.PeerRwnd, cookie.PeerForwardTsn, cookie.PeerReConfig);

    private void EnterEstablished()
    {
        _state = SctpAssociationState.Established;
        _t1.Stop();
        _cookieToEcho = null;
        _cc = new SctpCongestionController(_options.Mtu, Math.Max(_peerRwnd, 4L * _options.Mtu));
        _heartbeat.Start(_options.HeartbeatInterval);
        Raise(new PendingEvent(EventKind.Established));
        CheckPendingResets();
    }

    private void OnT1Expired()
    {
        if (_state is not (SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            return;
        }

        // RFC 9260 §5.1 C: retransmit with a doubled timer until Max.Init.Retransmits.
        if (++_t1.Attempts > _options.MaxInitRetransmits)
        {
            Fail("handshake timed out");
            return;
        }

        if (_state == SctpAssociationState.CookieWait)
        {
            SendInit();
        }
        else
        {
            SendCookieEcho();
        }

        var due = _options.RtoInitial * Math.Pow(2, _t1.Attempts);
        _t1.Start(due > _options.RtoMax ? _options.RtoMax : due);
    }

    /// <summary>Starts a packet with an explicit verification tag (INIT, INIT ACK, COOKIE ECHO, ABORT...).</summary>
    private SctpPacketBuilder StartPacket(uint vtag, out byte[] buffer)
    {
        buffer = RentPacket();
        return new SctpPacketBuilder(buffer.AsSpan(0, _options.Mtu), _options.LocalPort, _options.RemotePort, vtag);
    }
}
