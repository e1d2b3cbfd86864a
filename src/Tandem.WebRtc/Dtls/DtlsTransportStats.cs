namespace Tandem.WebRtc.Dtls;

/// <summary>
/// A snapshot of a <see cref="DtlsTransport"/>, shaped after the W3C RTCTransportStats fields that
/// belong to DTLS (webrtc-stats §8.15).
/// </summary>
public sealed record DtlsTransportStats
{
    /// <summary>dtlsState.</summary>
    public required DtlsState State { get; init; }

    /// <summary>dtlsRole.</summary>
    public required DtlsRole Role { get; init; }

    /// <summary>Application records sent (packetsSent).</summary>
    public long PacketsSent { get; init; }

    /// <summary>Application records received (packetsReceived).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Application payload bytes sent (bytesSent, excluding DTLS overhead).</summary>
    public long BytesSent { get; init; }

    /// <summary>Application payload bytes received (bytesReceived, excluding DTLS overhead).</summary>
    public long BytesReceived { get; init; }

    /// <summary>
    /// Datagrams from below dropped because they were not DTLS or the queue was full, plus records
    /// discarded after the handshake (truncated, tampered, replayed, of another epoch, unauthenticated).
    /// </summary>
    public long DatagramsDropped { get; init; }

    /// <summary>tlsVersion as W3C writes it (<c>FEFD</c> for DTLS 1.2), once connected.</summary>
    public string? TlsVersion { get; init; }

    /// <summary>dtlsCipher: the IANA name of the cipher suite, once connected.</summary>
    public string? DtlsCipher { get; init; }

    /// <summary>srtpCipher: the RFC 5764 / RFC 7714 profile name, once negotiated.</summary>
    public string? SrtpCipher { get; init; }

    /// <summary>From the start of the handshake to its completion.</summary>
    public TimeSpan? HandshakeDuration { get; init; }
}
