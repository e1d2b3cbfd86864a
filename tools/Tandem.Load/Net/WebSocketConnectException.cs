namespace Tandem.Load.Net;

/// <summary>The TCP connection or the opening handshake (RFC 6455 §4.1) failed; the message says why.</summary>
public sealed class WebSocketConnectException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WebSocketConnectException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public WebSocketConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public WebSocketConnectException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
