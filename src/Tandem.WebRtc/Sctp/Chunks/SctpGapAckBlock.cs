namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// One Gap Ack Block of a SACK (RFC 9260 §3.3.4): TSNs from CumTsnAck+Start to CumTsnAck+End were received.
/// </summary>
internal readonly record struct SctpGapAckBlock(ushort Start, ushort End);
