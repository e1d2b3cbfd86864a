using Microsoft.Extensions.Logging;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// Raises an event subscriber by subscriber: one that throws is logged (at Error, with the event's
/// name) and skipped, the others still run, and nothing reaches the stack's thread that raised it
/// (a socket receive loop, a timer, the DTLS thread). Used by <see cref="IceAgent"/> and the peer connection.
/// </summary>
internal static partial class SubscriberDispatch
{
    /// <summary>Calls each subscriber of <paramref name="handlers"/> with <paramref name="argument"/>.</summary>
    public static void Invoke<T>(Action<T>? handlers, T argument, string eventName, ILogger? logger)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(argument);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fault(logger, e, eventName);
            }
        }
    }

    /// <summary>Calls each subscriber of <paramref name="handlers"/>.</summary>
    public static void Invoke(Action? handlers, string eventName, ILogger? logger)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fault(logger, e, eventName);
            }
        }
    }

    /// <summary>Logs a subscriber's exception; for callers that invoke a span-taking delegate themselves.</summary>
    public static void Fault(ILogger? logger, Exception exception, string eventName)
    {
        if (logger is not null)
        {
            LogSubscriberFault(logger, exception, eventName);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of {EventName} threw; its other subscribers and the connection carry on")]
    private static partial void LogSubscriberFault(ILogger logger, Exception exception, string eventName);
}
