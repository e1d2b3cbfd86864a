namespace Tandem.WebRtc.Ice;

/// <summary>A bound socket and the host candidate it stands for.</summary>
internal sealed class IceLocalEndpoint(IIceSocket socket, IceCandidate candidate, ushort localPreference)
{
    public IIceSocket Socket { get; } = socket;

    public IceCandidate Candidate { get; } = candidate;

    /// <summary>RFC 8445 §5.1.2.1 local preference, reused for the PRIORITY of checks (§7.1.1).</summary>
    public ushort LocalPreference { get; } = localPreference;
}
