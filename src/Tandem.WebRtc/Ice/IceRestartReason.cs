namespace Tandem.WebRtc.Ice;

/// <summary>Why the agent asks for an ICE restart (<see cref="IceAgent.RestartNeeded"/>).</summary>
public enum IceRestartReason
{
    /// <summary>Nothing was heard on the selected pair for <see cref="IceSettings.DisconnectedTimeout"/>, or consent expired (RFC 7675 §5.1).</summary>
    PathSilent,

    /// <summary>The local address of the selected pair disappeared from the machine (the interface went down or changed address).</summary>
    LocalAddressLost,

    /// <summary>A new local address appeared while the agent was disconnected: a path may exist over it.</summary>
    NewLocalAddress,
}
