using System.Diagnostics.CodeAnalysis;
using Tandem.WebRtc.Ice;

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

    /// <summary>
    /// W3C RTCIceCandidate <c>address</c> and <c>port</c> of a candidate line (RFC 8839 §5.1; an mDNS name
    /// stays a name); false for end-of-candidates or a line that does not parse.
    /// </summary>
    public static bool TryParseAddress(string? candidate, [NotNullWhen(true)] out string? address, out int port)
    {
        if (IceCandidate.TryParse(candidate, out var parsed) && parsed is not null)
        {
            address = parsed.Address;
            port = parsed.Port;
            return true;
        }

        address = null;
        port = 0;
        return false;
    }
}
