namespace Tandem.WebRtc.Ice;

/// <summary>Gathering states, as W3C <c>RTCIceGatheringState</c>.</summary>
public enum IceGatheringState
{
    /// <summary>Gathering has not started.</summary>
    New,

    /// <summary>Candidates are being gathered.</summary>
    Gathering,

    /// <summary>All candidates are known (end-of-candidates).</summary>
    Complete,
}
