namespace Tandem.Client.Sessions;

/// <summary>What went wrong, in categories a caller can act on.</summary>
public enum SessionErrorCode
{
    /// <summary>The signaling server could not be reached.</summary>
    ServerUnreachable,

    /// <summary>The server sent an error message (PROTOCOL.md R31); see <see cref="SessionError.ServerCode"/>.</summary>
    ServerError,

    /// <summary>Another connection with the same id took our slot (R20, close code 4001): the session stops.</summary>
    Replaced,

    /// <summary>ICE found no working candidate pair (or lost it for good).</summary>
    IceFailed,

    /// <summary>The DTLS handshake failed (e.g. the certificate does not match the SDP fingerprint).</summary>
    DtlsFailed,

    /// <summary>An offer or answer could not be used, created or sent.</summary>
    NegotiationFailed,

    /// <summary>A media source (camera, encoder, microphone) failed; the call goes on without it.</summary>
    MediaSourceFailed,

    /// <summary>An application's sink of received media (player, renderer, recorder) threw; it gets nothing more, the call goes on.</summary>
    MediaSinkFailed,

    /// <summary>SCTP, which carries the data channel, did not come up over DTLS (the peer never completed its handshake).</summary>
    DataChannelFailed,
}

/// <summary>An error a session reports.</summary>
/// <param name="Code">The category.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="ServerCode">The server's error code (1001–1008) for <see cref="SessionErrorCode.ServerError"/>.</param>
/// <param name="IsFatal">True when the session cannot go on (it is closed).</param>
public sealed record SessionError(SessionErrorCode Code, string Message, int? ServerCode = null, bool IsFatal = false)
{
    /// <inheritdoc />
    public override string ToString() => ServerCode is { } code ? $"{Code} {code}: {Message}" : $"{Code}: {Message}";
}

/// <summary>A session could not start or do what was asked.</summary>
public sealed class SessionException(SessionError error, Exception? inner = null) : Exception(error.Message, inner)
{
    /// <summary>The error.</summary>
    public SessionError Error { get; } = error;
}
