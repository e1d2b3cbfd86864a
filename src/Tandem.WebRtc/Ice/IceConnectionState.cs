namespace Tandem.WebRtc.Ice;

/// <summary>Connection states, as W3C <c>RTCIceConnectionState</c>.</summary>
public enum IceConnectionState
{
    /// <summary>No checks yet.</summary>
    New,

    /// <summary>Checks are running and no pair is valid yet.</summary>
    Checking,

    /// <summary>A pair is selected, or (before nomination) a valid pair carries data; checks may still run.</summary>
    Connected,

    /// <summary>A pair is selected, the check list is finished and the peer signaled end-of-candidates.</summary>
    Completed,

    /// <summary>The selected pair stopped answering for a while (consent checks unanswered); may recover.</summary>
    Disconnected,

    /// <summary>Every pair failed, or consent expired (RFC 7675 §5.1). Recover with an ICE restart.</summary>
    Failed,

    /// <summary>The agent is closed.</summary>
    Closed,
}
