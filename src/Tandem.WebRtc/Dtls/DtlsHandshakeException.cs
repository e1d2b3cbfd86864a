namespace Tandem.WebRtc.Dtls;

/// <summary>The DTLS handshake did not complete: fingerprint mismatch, fatal alert, timeout or closure.</summary>
internal sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DtlsHandshakeException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and the underlying error.</summary>
    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
