namespace Tandem.WebRtc.Sctp;

/// <summary>A complete user message received on a stream (RFC 9260 §6.9 reassembled).</summary>
/// <param name="StreamId">The stream it arrived on.</param>
/// <param name="Ppid">Payload Protocol Identifier (RFC 9260 §3.3.1; data channel values in RFC 8831 §8).</param>
/// <param name="Data">The message bytes; owned by the receiver.</param>
/// <param name="Unordered">True when sent with the U bit.</param>
internal readonly record struct SctpMessage(ushort StreamId, uint Ppid, byte[] Data, bool Unordered);
