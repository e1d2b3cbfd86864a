using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Auth;

/// <summary>
/// Decides whether a <c>join</c> may take its place (PROTOCOL.md "Join authentication"). The hub asks
/// before any state changes; a refusal becomes error 1008 with the verdict's message. An authorizer
/// that answers at once (a token check) returns a completed task, and the join is handled in the
/// same call; one that waits (a webhook) completes later, and the join is handled then.
/// </summary>
public interface IJoinAuthorizer
{
    /// <summary>Checks one join. Never throws for a bad credential: that is a refusing verdict.</summary>
    ValueTask<JoinVerdict> AuthorizeAsync(JoinRequest request, CancellationToken cancellationToken);
}

/// <summary>What an authorizer is asked about.</summary>
/// <param name="DeviceId">The id the join names (R5).</param>
/// <param name="Token">The join's <c>data.token</c>, else the connection's <c>?token=</c>; null when neither was sent.</param>
/// <param name="RemoteAddress">The connection's remote endpoint, as text.</param>
public readonly record struct JoinRequest(DeviceId DeviceId, string? Token, string RemoteAddress);

/// <summary>An authorizer's answer.</summary>
/// <param name="Allowed">True when the join may proceed.</param>
/// <param name="Message">Why it was refused, and what to do; empty when allowed.</param>
/// <param name="Code">The error a refusal is sent with: 1008, or 1007 when the check itself could not be made.</param>
public readonly record struct JoinVerdict(bool Allowed, string Message, ErrorCode Code)
{
    /// <summary>The join may proceed.</summary>
    public static JoinVerdict Allow { get; } = new(true, "", ErrorCode.Unauthorized);

    /// <summary>
    /// ICE servers the authorizer hands to this connection (a webhook's <c>ice_servers</c>): they lead the
    /// <c>data.ice_servers</c> of every role message it gets (R18), before any the server issues itself.
    /// </summary>
    public IReadOnlyList<IceServerGrant>? IceServers { get; init; }

    /// <summary>The join may proceed, and the connection gets <paramref name="iceServers"/> in its role messages.</summary>
    public static JoinVerdict AllowWith(IReadOnlyList<IceServerGrant> iceServers) => Allow with { IceServers = iceServers };

    /// <summary>The credential does not admit this join: error 1008 with <paramref name="message"/>.</summary>
    public static JoinVerdict Deny(string message) => new(false, message, ErrorCode.Unauthorized);

    /// <summary>The check could not be made (a webhook down): error 1007 with <paramref name="message"/>.</summary>
    public static JoinVerdict Unavailable(string message) => new(false, message, ErrorCode.ServerError);
}
