namespace Tandem.Signaling.Protocol;

/// <summary>Error codes of the <c>error</c> message (requirements §1(5), PROTOCOL.md R32).</summary>
public enum ErrorCode
{
    /// <summary>1001: room full, or the identity is already in the room.</summary>
    RoomFull = 1001,

    /// <summary>1002: the room does not exist or has expired.</summary>
    RoomNotFound = 1002,

    /// <summary>1003: bad message format.</summary>
    BadMessage = 1003,

    /// <summary>1004: bad device id.</summary>
    BadDeviceId = 1004,

    /// <summary>1005: room or join timeout.</summary>
    Timeout = 1005,

    /// <summary>1006: the peer is offline.</summary>
    PeerOffline = 1006,

    /// <summary>1007: internal server error, or the server is busy or at capacity.</summary>
    ServerError = 1007,

    /// <summary>1008: the join's credential is missing or not valid for its id (authentication on).</summary>
    Unauthorized = 1008,
}

/// <summary>WebSocket close codes the server uses (RFC 6455 §7.4, PROTOCOL.md).</summary>
public static class CloseCodes
{
    /// <summary>1001 going away: server shutdown.</summary>
    public const int GoingAway = 1001;

    /// <summary>1007: a text frame that is not UTF-8 (R2).</summary>
    public const int InvalidPayload = 1007;

    /// <summary>1008 policy violation: too many bad messages (R35), or a receiver too slow (R34).</summary>
    public const int PolicyViolation = 1008;

    /// <summary>1009: message larger than MaxMessageBytes (R3).</summary>
    public const int MessageTooBig = 1009;

    /// <summary>1013 try again later: server at capacity (R33), or too many connections from one address.</summary>
    public const int TryAgainLater = 1013;

    /// <summary>RFC 6455 §7.4.1 (IANA registry): service restart; the client may reconnect at once.</summary>
    public const int ServiceRestart = 1012;

    /// <summary>4001: the slot was taken by a newer connection with the same id (R20).</summary>
    public const int Replaced = 4001;

    /// <summary>4005: room timeout (R19) or join timeout (R29).</summary>
    public const int Timeout = 4005;
}
