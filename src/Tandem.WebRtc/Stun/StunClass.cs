namespace Tandem.WebRtc.Stun;

/// <summary>The class of a STUN message (RFC 8489 §5: the C1/C0 bits of the message type).</summary>
internal enum StunClass
{
    /// <summary>A request: expects a success or error response.</summary>
    Request = 0,

    /// <summary>An indication: no response.</summary>
    Indication = 1,

    /// <summary>A success response.</summary>
    SuccessResponse = 2,

    /// <summary>An error response (carries ERROR-CODE).</summary>
    ErrorResponse = 3,
}
