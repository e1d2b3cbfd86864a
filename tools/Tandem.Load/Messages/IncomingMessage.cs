namespace Tandem.Load.Messages;

/// <summary>The fields of a received message the load tool looks at; absent fields are null.</summary>
public readonly record struct IncomingMessage
{
    /// <summary>Top-level <c>type</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The load tag found in <c>data</c>/<c>payload</c>, if all four fields are there.</summary>
    public LoadTag? Tag { get; init; }

    /// <summary><c>data.error_code</c> of a Tandem error (R31).</summary>
    public long? ErrorCode { get; init; }

    /// <summary><c>data.request_type</c> of a Tandem error (R31).</summary>
    public string? RequestType { get; init; }

    /// <summary><c>data.role</c> of a Tandem role message (R18).</summary>
    public string? Role { get; init; }
}
