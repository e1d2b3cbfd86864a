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
    /// Largest datagram we send. 1200 bytes keeps DTLS under the IPv6 minimum MTU with room for
    /// TURN/ICE overhead, as browsers do.
    /// </summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Received datagrams waiting for the DTLS thread; beyond this, new ones are dropped (as UDP would).</summary>
    public int ReceiveQueueCapacity { get; init; } = 512;
}
