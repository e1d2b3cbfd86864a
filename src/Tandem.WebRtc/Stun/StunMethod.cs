namespace Tandem.WebRtc.Stun;

/// <summary>STUN methods (RFC 8489 §18.2, IANA "STUN Methods" registry).</summary>
internal enum StunMethod : ushort
{
    /// <summary>Binding (RFC 8489): address discovery and ICE connectivity checks.</summary>
    Binding = 0x001,

    /// <summary>Allocate (RFC 8656 §7): asks a TURN server for a relayed transport address.</summary>
    Allocate = 0x003,

    /// <summary>Refresh (RFC 8656 §8): extends an allocation's lifetime, or deletes it with LIFETIME 0.</summary>
    Refresh = 0x004,

    /// <summary>Send indication (RFC 8656 §11.1): data from the client to a peer through the relay.</summary>
    Send = 0x006,

    /// <summary>Data indication (RFC 8656 §11.4): data from a peer to the client through the relay.</summary>
    Data = 0x007,

    /// <summary>CreatePermission (RFC 8656 §10): lets a peer's IP address send to the relayed address.</summary>
    CreatePermission = 0x008,

    /// <summary>ChannelBind (RFC 8656 §12.1): binds a channel number to a peer, for ChannelData framing.</summary>
    ChannelBind = 0x009,
}
