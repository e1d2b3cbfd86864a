namespace Tandem.WebRtc.Ice;

/// <summary>Which local candidates ICE may use (W3C <c>RTCIceTransportPolicy</c>).</summary>
public enum IceTransportPolicy
{
    /// <summary>Every candidate type: host, server-reflexive and relayed (<c>"all"</c>).</summary>
    All,

    /// <summary>Only relayed candidates (<c>"relay"</c>): no host or server-reflexive address of ours is gathered or revealed.</summary>
    Relay,
}
