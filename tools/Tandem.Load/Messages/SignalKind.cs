namespace Tandem.Load.Messages;

/// <summary>The three messages the server forwards between peers (PROTOCOL.md R14).</summary>
public enum SignalKind
{
    /// <summary>The offerer's session description.</summary>
    Offer,

    /// <summary>The answerer's session description.</summary>
    Answer,

    /// <summary>One trickled ICE candidate.</summary>
    Ice,
}
