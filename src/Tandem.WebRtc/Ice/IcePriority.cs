namespace Tandem.WebRtc.Ice;

/// <summary>Candidate and pair priorities (RFC 8445 §5.1.2 and §6.1.2.3).</summary>
internal static class IcePriority
{
    /// <summary>Largest local preference (RFC 8445 §5.1.2.1).</summary>
    public const ushort MaxLocalPreference = 65535;

    /// <summary>RFC 8445 §5.1.2.2 recommended type preferences: host 126, prflx 110, srflx 100, relay 0.</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    /// <summary>
    /// RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component ID).
    /// </summary>
    public static uint ForCandidate(IceCandidateType type, ushort localPreference, int componentId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return (uint)((TypePreference(type) << 24) + (localPreference << 8) + (256 - componentId));
    }

    /// <summary>
    /// RFC 8445 §6.1.2.3: pair priority = 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), where G is
    /// the controlling agent's candidate priority and D the controlled agent's.
    /// </summary>
    public static ulong ForPair(uint controlling, uint controlled)
    {
        ulong min = Math.Min(controlling, controlled);
        ulong max = Math.Max(controlling, controlled);
        return (min << 32) + (2 * max) + (controlling > controlled ? 1ul : 0ul);
    }
}
