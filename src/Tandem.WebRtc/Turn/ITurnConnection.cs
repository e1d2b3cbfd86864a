using System.Net;

namespace Tandem.WebRtc.Turn;

/// <summary>One STUN message or ChannelData message from the server; the span is valid only during the call.</summary>
internal delegate void TurnFrameHandler(ReadOnlySpan<byte> frame);

/// <summary>
/// The client's link to its TURN server (UDP datagrams, or a TCP/TLS stream cut into frames per
/// RFC 8656 §12.5). The seam that keeps allocation unit tests free of sockets.
/// </summary>
internal interface ITurnConnection : IDisposable
{
    /// <summary>True for TCP and TLS: ChannelData is padded to 4 bytes and requests are not retransmitted (RFC 8489 §6.2.2).</summary>
    bool IsStream { get; }

    /// <summary>The local end, once connected (the base of the server-reflexive address).</summary>
    IPEndPoint? LocalEndPoint { get; }

    /// <summary>SO_RCVBUF in force, once connected.</summary>
    int ReceiveBufferSize { get; }

    /// <summary>SO_SNDBUF in force, once connected.</summary>
    int SendBufferSize { get; }

    /// <summary>
    /// Resolves the server, connects (TCP, TLS handshake with certificate checks), then starts the one
    /// receive loop, which calls <paramref name="onFrame"/> per message and <paramref name="onClosed"/>
    /// once when the link breaks. Throws <see cref="TurnConnectException"/> with a message that says
    /// what failed.
    /// </summary>
    Task ConnectAsync(TurnFrameHandler onFrame, Action<string> onClosed, CancellationToken cancellationToken);

    /// <summary>Sends one complete frame; best effort, never throws on network errors.</summary>
    void Send(ReadOnlySpan<byte> frame);
}

/// <summary>A TURN server could not be reached; the message says why and what to check.</summary>
internal sealed class TurnConnectException(string message, Exception? inner = null) : Exception(message, inner);
