namespace Tandem.WebRtc.Ice;

/// <summary>ICE agent roles (RFC 8445 §6.1.1). The offerer starts controlling; conflicts are resolved with 487.</summary>
public enum IceRole
{
    /// <summary>The agent that nominates the pair to use.</summary>
    Controlling,

    /// <summary>The agent that follows the peer's nomination.</summary>
    Controlled,
}
