namespace Tandem.WebRtc.Stun;

/// <summary>
/// STUN attribute types (RFC 8489 §18.3, RFC 8445 §16.1). Types below 0x8000 are
/// comprehension-required: an agent that does not know one must reject the request (RFC 8489 §14).
/// </summary>
internal enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1), for RFC 3489 compatibility.</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (RFC 8489 §14.3).</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    UnknownAttributes = 0x000A,

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1): a channel number 0x4000–0x4FFF and 16 reserved bits.</summary>
    ChannelNumber = 0x000C,

    /// <summary>LIFETIME (RFC 8656 §18.2): seconds until the allocation expires.</summary>
    Lifetime = 0x000D,

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3): a peer's address, encoded like XOR-MAPPED-ADDRESS.</summary>
    XorPeerAddress = 0x0012,

    /// <summary>DATA (RFC 8656 §18.4): the application data of a Send or Data indication.</summary>
    Data = 0x0013,

    /// <summary>REALM (RFC 8489 §14.9).</summary>
    Realm = 0x0014,

    /// <summary>NONCE (RFC 8489 §14.10).</summary>
    Nonce = 0x0015,

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5): the relayed transport address of an allocation.</summary>
    XorRelayedAddress = 0x0016,

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).</summary>
    RequestedAddressFamily = 0x0017,

    /// <summary>EVEN-PORT (RFC 8656 §18.7).</summary>
    EvenPort = 0x0018,

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.8): the protocol between server and peers (17, UDP).</summary>
    RequestedTransport = 0x0019,

    /// <summary>DONT-FRAGMENT (RFC 8656 §18.9).</summary>
    DontFragment = 0x001A,

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6).</summary>
    MessageIntegritySha256 = 0x001C,

    /// <summary>USERHASH (RFC 8489 §14.4).</summary>
    UserHash = 0x001E,

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    XorMappedAddress = 0x0020,

    /// <summary>RESERVATION-TOKEN (RFC 8656 §18.10).</summary>
    ReservationToken = 0x0022,

    /// <summary>PRIORITY (RFC 8445 §16.1).</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1).</summary>
    UseCandidate = 0x0025,

    /// <summary>ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11).</summary>
    AdditionalAddressFamily = 0x8000,

    /// <summary>ADDRESS-ERROR-CODE (RFC 8656 §18.12).</summary>
    AddressErrorCode = 0x8001,

    /// <summary>ICMP (RFC 8656 §18.13): an ICMP packet the relay received for the client.</summary>
    Icmp = 0x8004,

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    Software = 0x8022,

    /// <summary>ALTERNATE-SERVER (RFC 8489 §14.15).</summary>
    AlternateServer = 0x8023,

    /// <summary>FINGERPRINT (RFC 8489 §14.7).</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1).</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1).</summary>
    IceControlling = 0x802A,
}
