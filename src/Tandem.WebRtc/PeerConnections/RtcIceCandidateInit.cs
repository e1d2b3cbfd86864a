namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// W3C RTCIceCandidateInit: a trickled candidate line (<c>candidate:...</c>, without <c>a=</c>) and the
/// media section it belongs to. An empty <see cref="Candidate"/> is end-of-candidates (RFC 8838 §4.4).
/// </summary>
/// <param name="Candidate">The candidate attribute value, or empty for end-of-candidates.</param>
/// <param name="SdpMid">The <c>a=mid</c> of the section, when known.</param>
/// <param name="SdpMLineIndex">The index of the section, when known.</param>
/// <param name="UsernameFragment">The ICE ufrag of the generation it belongs to, when known.</param>
public sealed record RtcIceCandidateInit(string Candidate, string? SdpMid = null, int? SdpMLineIndex = null, string? UsernameFragment = null)
{
    /// <summary>True for the end-of-candidates marker (empty candidate).</summary>
    public bool IsEndOfCandidates => string.IsNullOrEmpty(Candidate);
}
