namespace Tandem.WebRtc.DataChannels;

/// <summary>SCTP Payload Protocol Identifiers used by WebRTC data channels (RFC 8831 §8, RFC 8832 §8.1).</summary>
internal static class DataChannelPpid
{
    /// <summary>WebRTC DCEP (RFC 8832).</summary>
    public const uint Dcep = 50;

    /// <summary>WebRTC String (UTF-8).</summary>
    public const uint String = 51;

    /// <summary>WebRTC Binary Partial (deprecated, accepted on receive).</summary>
    public const uint BinaryPartial = 52;

    /// <summary>WebRTC Binary.</summary>
    public const uint Binary = 53;

    /// <summary>WebRTC String Partial (deprecated, accepted on receive).</summary>
    public const uint StringPartial = 54;

    /// <summary>WebRTC String Empty: an empty string sent as one zero byte (RFC 8831 §6.6).</summary>
    public const uint StringEmpty = 56;

    /// <summary>WebRTC Binary Empty: an empty binary message sent as one zero byte.</summary>
    public const uint BinaryEmpty = 57;
}
