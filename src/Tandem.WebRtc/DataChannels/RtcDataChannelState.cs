namespace Tandem.WebRtc.DataChannels;

/// <summary>W3C RTCDataChannelState.</summary>
public enum RtcDataChannelState
{
    Connecting,
    Open,
    Closing,
    Closed,
}
