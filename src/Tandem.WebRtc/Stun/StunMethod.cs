namespace Tandem.WebRtc.Stun;

/// <summary>STUN methods (RFC 8489 §18.2, IANA "STUN Methods" registry).</summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (RFC 8489): address discovery and ICE connectivity checks.</summary>
    Binding = 0x001,
}
