namespace Tandem.WebRtc.Dtls;

/// <summary>Tuning knobs of a <see cref="DtlsTransport"/>; the defaults suit WebRTC over UDP.</summary>
public sealed class DtlsOptions
{
    /// <summary>Gives up the handshake after this long (default 15 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// First retransmission timer of a handshake flight, doubled on each loss
    /// (RFC 6347 §4.2.4.1 recommends 1 s).
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest datagram we send: 1232 bytes is the IPv6 minimum MTU (1280) less the IPv6 and UDP headers,
    /// which leaves 1195 bytes of application payload per record with AES-GCM, enough for the 1191-byte
    /// SCTP packets browsers send. See <see cref="DtlsTransport.MaxPayloadSize"/>.
    /// </summary>
    public int MaxDatagramSize { get; init; } = 1232;

    /// <summary>
    /// Received datagrams waiting for the DTLS thread; beyond this, new ones are dropped (as UDP would).
    /// A peer may have a whole SCTP receive window in flight (1 MiB: about 910 full packets), and all of
    /// it can arrive while this thread is descheduled on a busy machine; the default holds that twice,
    /// so a sender that respects our window loses nothing here.
    /// </summary>
    public int ReceiveQueueCapacity { get; init; } = 2048;

    /// <summary>
    /// Leaves application data to BouncyCastle's record layer instead of <see cref="DtlsRecordProtection"/>
    /// (for interoperability tests and benchmarks of both record layers).
    /// </summary>
    internal bool BouncyCastleRecordLayer { get; init; }
}
