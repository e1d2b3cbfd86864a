namespace Tandem.WebRtc.PeerConnections;

/// <summary>W3C RTCSessionDescriptionInit: the <c>{type, sdp}</c> pair signaled between peers.</summary>
/// <param name="Type">Offer or answer.</param>
/// <param name="Sdp">The SDP text (RFC 8866), CRLF line ends.</param>
public sealed record RtcSessionDescriptionInit(RtcSdpType Type, string Sdp)
{
    /// <summary>The W3C name of <see cref="Type"/> (<c>"offer"</c> / <c>"answer"</c>), as signaling carries it.</summary>
    public string TypeName => Type.ToW3C();
}
