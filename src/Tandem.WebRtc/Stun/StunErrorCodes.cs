namespace Tandem.WebRtc.Stun;

/// <summary>STUN error codes used by this stack (RFC 8489 §14.8, RFC 8445 §7.3.1.1).</summary>
public static class StunErrorCodes
{
    /// <summary>400 Bad Request: the request was malformed.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthorized: missing or wrong credentials.</summary>
    public const int Unauthorized = 401;

    /// <summary>420 Unknown Attribute: a comprehension-required attribute was not understood.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1): both agents claim the same ICE role.</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;
}
