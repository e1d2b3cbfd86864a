namespace Tandem.Signaling.Protocol;

/// <summary>
/// A validated message from a client (PROTOCOL.md R10–R16). The original UTF-8 text is kept
/// elsewhere and forwarded untouched (R23); this holds only what routing needs.
/// </summary>
/// <param name="Type">The message type.</param>
/// <param name="DeviceId">The sender's id (equal to <c>from</c>).</param>
/// <param name="Time">The client's timestamp, µs since the Unix epoch (R12).</param>
public readonly record struct ClientMessage(MessageType Type, DeviceId DeviceId, long Time);

/// <summary>Why a message was refused: the error code, a message that says what to do, and the offending type if known (R31).</summary>
public readonly record struct MessageError(ErrorCode Code, string Message, string? RequestType);
