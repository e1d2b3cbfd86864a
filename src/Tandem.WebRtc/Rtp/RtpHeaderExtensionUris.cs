namespace Tandem.WebRtc.Rtp;

/// <summary>The header extension URIs we negotiate with <c>a=extmap</c> (RFC 8285 §5).</summary>
internal static class RtpHeaderExtensionUris
{
    /// <summary>RFC 8843 §15.2: the MID of the media section, for BUNDLE demultiplexing.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>abs-send-time (https://webrtc.googlesource.com/src/+/main/docs/native-code/rtp-hdrext/abs-send-time).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).</summary>
    public const string TransportSequenceNumber = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}
