namespace Tandem.Load.Options;

/// <summary>The kind of server the load tool talks to.</summary>
public enum LoadTarget
{
    /// <summary>The Tandem signaling server (PROTOCOL.md).</summary>
    Tandem,

    /// <summary>The <c>tandem-load relay-baseline</c> Kestrel relay: the transport ceiling.</summary>
    Relay,

    /// <summary>A PeerJS server (npm <c>peer</c>): OPEN/OFFER/ANSWER/CANDIDATE.</summary>
    PeerJs,
}
