namespace Tandem.WebRtc.Sctp;

/// <summary>Association states (RFC 9260 §4).</summary>
internal enum SctpAssociationState
{
    Closed,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,
}
