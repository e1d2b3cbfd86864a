using System.Text.Json.Serialization;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>W3C RTCSessionDescriptionInit, the <c>data</c> of PROTOCOL.md R36 offer/answer messages.</summary>
public sealed record SessionDescriptionInit(string Type, string Sdp);

/// <summary>
/// W3C RTCIceCandidateInit (PROTOCOL.md R36): <c>Candidate</c> is the line without "a=";
/// an empty <c>Candidate</c> means end of candidates.
/// </summary>
public sealed record IceCandidateInit(string Candidate, string? SdpMid = null, int? SdpMLineIndex = null, string? UsernameFragment = null)
{
    /// <summary>The end-of-candidates marker (R36: <c>"candidate": ""</c>).</summary>
    public static IceCandidateInit EndOfCandidates { get; } = new(string.Empty);

    [JsonIgnore]
    public bool IsEndOfCandidates => Candidate.Length == 0;
}

/// <summary>W3C RTCDataChannelInit; null members are left out, so the browser's defaults apply.</summary>
public sealed record DataChannelInit(
    bool? Ordered = null, int? MaxRetransmits = null, int? MaxPacketLifeTime = null, string? Protocol = null,
    bool? Negotiated = null, int? Id = null);

/// <summary>A data channel as the page sees it (RTCDataChannel attributes).</summary>
public sealed record DataChannelInfo(
    string Label, int? Id, string Protocol, bool Ordered, int? MaxRetransmits, int? MaxPacketLifeTime,
    bool Negotiated, string ReadyState, long BufferedAmount);

/// <summary>The four state attributes of the page's RTCPeerConnection.</summary>
public sealed record PeerState(string ConnectionState, string IceConnectionState, string IceGatheringState, string SignalingState);

/// <summary>A local fake-device track added by <see cref="BrowserPeer.AddFakeMediaAsync"/>.</summary>
public sealed record LocalTrack(string Kind, string Id, string Label);

/// <summary>One received message: text as is, binary as base64.</summary>
public sealed record ReceivedMessage(bool Binary, int Size, string Data)
{
    public byte[] GetBytes() => Binary ? Convert.FromBase64String(Data) : System.Text.Encoding.UTF8.GetBytes(Data);
}

/// <summary>
/// What a channel has received. Numbered messages (binary: big-endian uint32 index then bytes
/// (index + i) &amp; 0xff; text: "index:") are checked for order (<c>SequenceBreaks</c> counts
/// messages whose index is not the previous one + 1, starting at 0) and content (<c>PatternErrors</c>).
/// </summary>
public sealed record ReceivedMessages(
    int Count, long Bytes, int TextCount, int BinaryCount, int Numbered, long NextSeq, int SequenceBreaks,
    int PatternErrors, double? FirstAtMs, double? LastAtMs, string? Error, IReadOnlyList<ReceivedMessage> Last);
