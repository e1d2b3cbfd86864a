namespace Tandem.WebRtc.Dtls;

/// <summary>Lifecycle of a <see cref="DtlsTransport"/> (W3C RTCDtlsTransportState).</summary>
public enum DtlsState
{
    /// <summary>Created; the handshake has not started.</summary>
    New,

    /// <summary>The handshake is running.</summary>
    Connecting,

    /// <summary>The handshake succeeded; application data flows.</summary>
    Connected,

    /// <summary>Closed by either side with close_notify, or locally.</summary>
    Closed,

    /// <summary>The handshake or the connection failed (fatal alert, fingerprint mismatch, timeout).</summary>
    Failed,
}
