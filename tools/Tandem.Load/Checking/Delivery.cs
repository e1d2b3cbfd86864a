namespace Tandem.Load.Checking;

/// <summary>What the checker concluded about one received message.</summary>
public enum Delivery
{
    /// <summary>First arrival, to the right peer, after every earlier message of its stream.</summary>
    InOrder,

    /// <summary>First arrival to the right peer, but after a later message of the same stream.</summary>
    OutOfOrder,

    /// <summary>A second arrival of a message already received.</summary>
    Duplicate,

    /// <summary>Arrived at a connection it was not sent to.</summary>
    Misrouted,
}
