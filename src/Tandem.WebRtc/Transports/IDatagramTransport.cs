namespace Tandem.WebRtc.Transports;

/// <summary>
/// Receives one datagram. The span is only valid for the duration of the call:
/// a handler that keeps the bytes copies them (into a pooled buffer).
/// </summary>
internal delegate void DatagramHandler(ReadOnlySpan<byte> datagram);

/// <summary>
/// A message-oriented, unreliable transport: the seam between layers of the stack
/// (ICE below DTLS and SRTP, DTLS below SCTP). Each layer only talks to the one below it
/// through this interface; nothing inherits from a transport.
/// </summary>
internal interface IDatagramTransport
{
    /// <summary>Sends one datagram. Best effort: a datagram may be lost, as on UDP.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default);

    /// <summary>Raised once per received datagram, on the transport's receive thread.</summary>
    event DatagramHandler? Received;
}
