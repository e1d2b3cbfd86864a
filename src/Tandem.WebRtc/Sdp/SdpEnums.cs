namespace Tandem.WebRtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7).</summary>
internal enum SdpDirection
{
    /// <summary><c>a=sendrecv</c> (the default when absent).</summary>
    SendRecv,

    /// <summary><c>a=sendonly</c>.</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>.</summary>
    Inactive,
}

/// <summary><c>a=setup</c> (RFC 4145 §4, RFC 8842 §5): who opens the DTLS association.</summary>
internal enum SdpSetup
{
    /// <summary><c>actpass</c>: the offerer lets the answerer choose.</summary>
    ActPass,

    /// <summary><c>active</c>: this side is the DTLS client.</summary>
    Active,

    /// <summary><c>passive</c>: this side is the DTLS server.</summary>
    Passive,

    /// <summary><c>holdconn</c>: no connection for now.</summary>
    HoldConn,
}

/// <summary>Spellings of the SDP enums.</summary>
internal static class SdpEnumText
{
    /// <summary>The attribute name of a direction.</summary>
    public static string ToSdp(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    /// <summary>The <c>a=setup</c> value.</summary>
    public static string ToSdp(this SdpSetup setup) => setup switch
    {
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        SdpSetup.HoldConn => "holdconn",
        _ => "actpass",
    };

    internal static SdpDirection? ParseDirection(string name) => name switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    internal static SdpSetup? ParseSetup(string? value) => value switch
    {
        "actpass" => SdpSetup.ActPass,
        "active" => SdpSetup.Active,
        "passive" => SdpSetup.Passive,
        "holdconn" => SdpSetup.HoldConn,
        _ => null,
    };
}
