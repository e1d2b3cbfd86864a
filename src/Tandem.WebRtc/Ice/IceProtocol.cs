namespace Tandem.WebRtc.Ice;

/// <summary>Candidate transport protocols (RFC 8839 §5.1; TCP per RFC 6544).</summary>
public enum IceProtocol
{
    /// <summary>UDP: the only transport this agent checks.</summary>
    Udp,

    /// <summary>TCP: parsed and kept so signaling round-trips, never paired.</summary>
    Tcp,
}
