using Tandem.WebRtc.Transports;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// DTLS 1.2 (RFC 6347) over an <see cref="IDatagramTransport"/>, profiled for WebRTC (RFC 8827 §6.5,
/// RFC 5764 DTLS-SRTP): mutual certificate authentication checked against the SDP fingerprint,
/// use_srtp key export, extended master secret. After <c>ConnectAsync</c> it is itself an
/// <see cref="IDatagramTransport"/>: each <see cref="SendAsync"/> is one application_data record, each
/// decrypted record is raised through <see cref="Received"/> (SCTP rides on it, RFC 8261).
/// BouncyCastle runs the handshake, and afterwards every record but application data (retransmitted
/// flights, alerts) on a dedicated thread. Application data of epoch 1 is protected by our own
/// <see cref="DtlsRecordProtection"/>: decrypted on the thread that received the datagram and
/// encrypted on the sender's thread.
/// </summary>
internal sealed partial class DtlsTransport : IDatagramTransport, IAsyncDisposable
{
    private readonly DtlsDatagramAdapter _adapter;

    // Serialises every call into BouncyCastle's DtlsTransport: its record layer (sequence numbers, cipher
    // state) is not safe for concurrent use, and processing a record may itself send (a retransmitted
    // final flight, an alert).
    private readonly Lock _bouncyCastleLock = new();

    // Serialises our write side: AesGcm instances and the sequence counter are not thread-safe, and it is
    // held across the lower send so records leave in sequence order (see SendRecord). Separate from the
    // receive side, so sending never waits for a decryption.
    private readonly Lock _recordWriteLock = new();

    // Serialises our read side (AesGcm, replay window, the plaintext buffer) and raising Received, so that
    // upper layers never see two records at once: the fast path runs on the lower transport's receive
    // thread, while records queued before the switch are still delivered by BouncyCastle's thread.
    private readonly Lock _receiveLock = new();

    // Guards state transitions so that Closed/Failed are terminal and each change is raised once.
    private readonly Lock _stateLock = new();

    private DtlsState _state;
    private BcDtlsTransport? _connection;
    // Our epoch-1 protection, set once before Connected. Never disposed: a sender or the receive thread may
    // still hold it after Close, and its AesGcm key schedules are released by their SafeHandles.
    private DtlsRecordProtection? _records;
    private byte[] _plaintext = [];

    // Set once StateChanged(Connected) has returned: from then on application data is delivered on the
    // thread that received it; before, it goes through BouncyCastle's queue (see OnRecordsReceived).
    private volatile bool _delivering;
    private long _recordsRejected;
    private DtlsHandshakeContext? _handshake;
    private int _sendLimit;
    private long _packetsSent;
    private long _packetsReceived;
    private long _bytesSent;
    private long _bytesReceived;
    private TimeSpan? _handshakeDuration;

    /// <summary>Creates a transport; it starts queueing datagrams from <paramref name="lower"/> at once.</summary>
    /// <param name="lower">The transport below (ICE, or a <see cref="DatagramPipe"/> in tests).</param>
    /// <param name="role">Client for <c>a=setup:active</c>, server for <c>a=setup:passive</c>.</param>
    /// <param name="certificate">Our identity; <see cref="DtlsCertificate.Default"/> when null.</param>
    /// <param name="options">Timeouts and sizes; defaults when null.</param>
    public DtlsTransport(IDatagramTransport lower, DtlsRole role, DtlsCertificate? certificate = null, DtlsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lower);
        Role = role;
        LocalCertificate = certificate ?? DtlsCertificate.Default;
        Options = options ?? new DtlsOptions();
        _adapter = new DtlsDatagramAdapter(lower, Options);
    }

    /// <summary>
    /// Raised on every state change, on the thread that caused it. Connected is raised on the handshake
    /// thread before any application record is delivered through <see cref="Received"/>, so an upper layer
    /// can get ready for the peer's first record in its handler (SCTP enters COOKIE-WAIT there).
    /// </summary>
    public event Action<DtlsState>? StateChanged;

    /// <summary>Which side of the handshake we play.</summary>
    public DtlsRole Role { get; }

    /// <summary>Our certificate (its fingerprint goes into our SDP).</summary>
    public DtlsCertificate LocalCertificate { get; }

    /// <summary>The options in force.</summary>
    public DtlsOptions Options { get; }

    /// <summary>Current state.</summary>
    public DtlsState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the transport failed, once <see cref="State"/> is <see cref="DtlsState.Failed"/>.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The fingerprint of the certificate the peer presented (set when it was received).</summary>
    public DtlsFingerprint? RemoteFingerprint => _handshake?.RemoteFingerprint;

    /// <summary>The SRTP profile agreed through use_srtp, or null when the peer did not offer one.</summary>
    public DtlsSrtpProtectionProfile? SrtpProfile => _handshake?.SrtpKeys?.Profile;

    /// <summary>SRTP keys exported after the handshake (RFC 5764 §4.2), or null without use_srtp.</summary>
    public DtlsSrtpKeys? SrtpKeys => _handshake?.SrtpKeys;

    /// <summary>Largest application payload one <see cref="SendAsync"/> may carry (0 before connecting).</summary>
    public int MaxPayloadSize => Volatile.Read(ref _sendLimit);

    /// <summary>
    /// Datagrams the lower transport delivered that were dropped (not DTLS, or queue full), plus
    /// records discarded after the handshake (truncated, tampered, replayed, of another epoch, or
    /// unauthenticated alerts and handshake messages).
    /// </summary>
    public long DroppedDatagrams => _adapter.DroppedDatagrams + Interlocked.Read(ref _recordsRejected);

    /// <summary>A snapshot of the counters and negotiated parameters (W3C RTCTransportStats fields).</summary>
    public DtlsTransportStats GetStats() => new()
    {
        State = State,
        Role = Role,
        PacketsSent = Interlocked.Read(ref _packetsSent),
        PacketsReceived = Interlocked.Read(ref _packetsReceived),
        BytesSent = Interlocked.Read(ref _bytesSent),
        BytesReceived = Interlocked.Read(ref _bytesReceived),
        DatagramsDropped = DroppedDatagrams,
        TlsVersion = _connection is null ? null : "FEFD",
        DtlsCipher = _connection is null ? null : _handshake?.CipherSuiteName,
        SrtpCipher = SrtpProfile?.Name(),
        HandshakeDuration = _handshakeDuration,
    };

    /// <summary>Sends close_notify (if connected) and stops the transport. Idempotent; it does not throw.</summary>
    public ValueTask CloseAsync()
    {
        BcDtlsTransport? connection = _connection;
        if (connection is not null && State == DtlsState.Connected)
        {
            SetState(DtlsState.Closed);
            try
            {
                lock (_bouncyCastleLock)
                {
                    // RFC 5246 §7.2.1: BouncyCastle sends close_notify (resealed by OnBouncyCastleSend when
                    // we protect application data, so that the peer accepts it), then closes our adapter.
                    connection.Close();
                }
            }
            catch (IOException)
            {
                // The peer's close_notify or a failure closed the record layer under us: nothing left to tell it.
            }
        }
        else
        {
            SetState(DtlsState.Closed);
        }

        _adapter.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>
    /// Moves along New → Connecting → Connected, or from any state but Closed/Failed to Closed or Failed;
    /// false for any other transition (a second handshake on a transport that already ran one included).
    /// </summary>
    private bool SetState(DtlsState next, string? reason = null)
    {
        lock (_stateLock)
        {
            if (_state == next || _state is DtlsState.Closed or DtlsState.Failed
                || (next == DtlsState.Connecting && _state != DtlsState.New)
                || (next == DtlsState.Connected && _state != DtlsState.Connecting))
            {
                return false;
            }

            _state = next;
            if (next == DtlsState.Failed)
            {
                FailureReason = reason;
            }
        }

        StateChanged?.Invoke(next);
        return true;
    }

    private void Fail(string reason)
    {
        if (SetState(DtlsState.Failed, reason))
        {
            _adapter.Dispose();
        }
    }
}
