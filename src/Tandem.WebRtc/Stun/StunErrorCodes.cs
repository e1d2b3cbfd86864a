namespace Tandem.WebRtc.Stun;

/// <summary>STUN error codes used by this stack (RFC 8489 §14.8, RFC 8445 §7.3.1.1).</summary>
internal static class StunErrorCodes
{
    /// <summary>400 Bad Request: the request was malformed.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthorized: missing or wrong credentials.</summary>
    public const int Unauthorized = 401;

    /// <summary>403 Forbidden (RFC 8656 §7.3, §10.2): the request is valid but not allowed (e.g. a denied peer address).</summary>
    public const int Forbidden = 403;

    /// <summary>420 Unknown Attribute: a comprehension-required attribute was not understood.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>437 Allocation Mismatch (RFC 8656 §19): no allocation (or already one) on this 5-tuple.</summary>
    public const int AllocationMismatch = 437;

    /// <summary>438 Stale Nonce (RFC 8489 §9.2.5): retry with the NONCE of the response.</summary>
    public const int StaleNonce = 438;

    /// <summary>441 Wrong Credentials (RFC 8656 §19): not the credentials the allocation was made with.</summary>
    public const int WrongCredentials = 441;

    /// <summary>442 Unsupported Transport Protocol (RFC 8656 §19).</summary>
    public const int UnsupportedTransportProtocol = 442;

    /// <summary>486 Allocation Quota Reached (RFC 8656 §19).</summary>
    public const int AllocationQuotaReached = 486;

    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1): both agents claim the same ICE role.</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;

    /// <summary>508 Insufficient Capacity (RFC 8656 §19): the server has no relayed address to give.</summary>
    public const int InsufficientCapacity = 508;
}
