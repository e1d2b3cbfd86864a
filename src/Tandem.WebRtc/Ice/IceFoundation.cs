using System.Globalization;
using System.Net;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// Candidate foundations (RFC 8445 §5.1.1.3): candidates share a foundation when they have the same
/// type, base IP address, transport protocol and STUN/TURN server. A stable hash of those four,
/// printed in decimal (1–32 ice-chars, RFC 8839 §5.1).
/// </summary>
internal static class IceFoundation
{
    /// <summary>Computes the foundation of a local candidate.</summary>
    public static string Compute(IceCandidateType type, IPAddress baseAddress, IceProtocol protocol, EndPoint? server = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var key = $"{type}|{baseAddress}|{protocol}|{server}";

        // FNV-1a: deterministic across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash.ToString(CultureInfo.InvariantCulture);
    }
}
