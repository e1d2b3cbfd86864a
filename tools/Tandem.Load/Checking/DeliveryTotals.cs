namespace Tandem.Load.Checking;

/// <summary>Counts over every stream, taken when the run is over.</summary>
/// <param name="Sent">Messages handed to a socket.</param>
/// <param name="Refused">Messages the server answered with an error instead of forwarding.</param>
/// <param name="Delivered">Distinct messages that reached the right peer.</param>
/// <param name="Lost">Sent, not refused, never delivered.</param>
/// <param name="Duplicated">Extra arrivals of a message already delivered.</param>
/// <param name="Misrouted">Arrivals at a connection the message was not sent to.</param>
/// <param name="OutOfOrder">Deliveries that came after a later message of the same stream.</param>
public readonly record struct DeliveryTotals(
    long Sent, long Refused, long Delivered, long Lost, long Duplicated, long Misrouted, long OutOfOrder);
