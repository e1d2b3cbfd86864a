namespace Tandem.Media.Opus;

/// <summary>A libopus call failed in a way the caller could not have prevented by checking its input.</summary>
public sealed class OpusException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public OpusException()
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public OpusException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> wrapping <paramref name="innerException"/>.</summary>
    public OpusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a libopus error code.</summary>
    public OpusException(string operation, OpusError error)
        : base($"{operation} failed: {error}")
    {
        Error = error;
    }

    /// <summary>The libopus error code.</summary>
    public OpusError Error { get; }
}
