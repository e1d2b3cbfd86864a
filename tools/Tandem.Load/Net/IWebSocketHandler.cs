namespace Tandem.Load.Net;

/// <summary>What a <see cref="WebSocketClient"/>'s receive loop reports. Called on the loop's thread, one call at a time.</summary>
public interface IWebSocketHandler
{
    /// <summary>A complete text message; <paramref name="receivedAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> time its last bytes were read.</summary>
    void OnText(ReadOnlySpan<byte> message, long receivedAt);

    /// <summary>The server's close frame arrived with <paramref name="status"/> (null when it had none); the loop ends.</summary>
    void OnClosed(int? status);

    /// <summary>
    /// The connection failed: <c>socket</c> (reset, or closed without a close frame), <c>protocol</c>
    /// (a frame RFC 6455 forbids) or <c>too-big</c>; the loop ends.
    /// </summary>
    void OnFailed(string key);
}
