namespace Tandem.WebRtc.Sdp;

/// <summary>
/// One media section (RFC 8866 §5.14 <c>m=&lt;media&gt; &lt;port&gt; &lt;proto&gt; &lt;fmt&gt;...</c> and its
/// lines), with the attributes WebRTC uses (RFC 8829 §5.2) as properties and any other attribute kept in
/// <see cref="Attributes"/> so that it survives a round trip.
/// </summary>
internal sealed class SdpMediaDescription
{
    /// <summary><c>audio</c>, <c>video</c>, <c>application</c>...</summary>
    public string Media { get; set; } = "audio";

    /// <summary>The m-line port (9 = discard, the JSEP placeholder; 0 = rejected section).</summary>
    public int Port { get; set; } = 9;

    /// <summary>The <c>/&lt;number of ports&gt;</c> suffix, when present.</summary>
    public int? PortCount { get; set; }

    /// <summary><c>UDP/TLS/RTP/SAVPF</c>, <c>UDP/DTLS/SCTP</c>...</summary>
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>The m-line formats: payload type numbers for RTP, <c>webrtc-datachannel</c> for SCTP.</summary>
    public List<string> Formats { get; } = [];

    /// <summary><c>c=</c> of this section.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary><c>i=</c>, <c>b=</c>, <c>k=</c> and unknown non-attribute lines, verbatim.</summary>
    public List<SdpLine> Lines { get; } = [];

    /// <summary><c>a=rtcp</c> value (RFC 3605), e.g. <c>9 IN IP4 0.0.0.0</c>.</summary>
    public string? Rtcp { get; set; }

    /// <summary><c>a=candidate</c> values without the <c>candidate:</c> prefix (RFC 8839 §5.1), in order.</summary>
    public List<string> Candidates { get; } = [];

    /// <summary><c>a=end-of-candidates</c> (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; set; }

    /// <summary><c>a=ice-ufrag</c> (RFC 8839 §5.4).</summary>
    public string? IceUfrag { get; set; }

    /// <summary><c>a=ice-pwd</c> (RFC 8839 §5.4).</summary>
    public string? IcePwd { get; set; }

    /// <summary><c>a=ice-options</c> (RFC 8839 §5.6), e.g. <c>trickle</c>.</summary>
    public string? IceOptions { get; set; }

    /// <summary><c>a=fingerprint</c> lines (RFC 8122 §5).</summary>
    public List<SdpFingerprint> Fingerprints { get; } = [];

    /// <summary><c>a=setup</c> (RFC 8842 §5).</summary>
    public SdpSetup? Setup { get; set; }

    /// <summary><c>a=mid</c> (RFC 5888 §4).</summary>
    public string? Mid { get; set; }

    /// <summary><c>a=extmap</c> lines (RFC 8285 §7).</summary>
    public List<SdpExtmap> Extmaps { get; } = [];

    /// <summary>The direction attribute; null when absent (which means sendrecv).</summary>
    public SdpDirection? Direction { get; set; }

    /// <summary><c>a=msid</c> lines (RFC 8830); may be absent.</summary>
    public List<SdpMsid> Msids { get; } = [];

    /// <summary><c>a=rtcp-mux</c> (RFC 5761 §5.1.3).</summary>
    public bool RtcpMux { get; set; }

    /// <summary><c>a=rtcp-mux-only</c> (RFC 8858).</summary>
    public bool RtcpMuxOnly { get; set; }

    /// <summary><c>a=rtcp-rsize</c> (RFC 5506 §5).</summary>
    public bool RtcpReducedSize { get; set; }

    /// <summary>Attributes without a property here, verbatim and in order (e.g. <c>rtcp-xr</c>).</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary><c>a=rtcp-fb:*</c> values, applying to every payload type (RFC 4585 §4.2).</summary>
    public List<string> WildcardFeedback { get; } = [];

    /// <summary>RTP payload types with their rtpmap/fmtp/rtcp-fb, in the order first seen.</summary>
    public List<SdpRtpPayload> Payloads { get; } = [];

    /// <summary><c>a=ssrc-group</c> lines (RFC 5576 §4.2).</summary>
    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    /// <summary><c>a=ssrc</c> lines (RFC 5576 §4.1), also accepted on recvonly sections.</summary>
    public List<SdpSsrc> Ssrcs { get; } = [];

    /// <summary><c>a=sctp-port</c> (RFC 8841 §5).</summary>
    public int? SctpPort { get; set; }

    /// <summary><c>a=sctpmap</c> of the format before RFC 8841 (see <see cref="SdpSctpMap"/>).</summary>
    public SdpSctpMap? SctpMap { get; set; }

    /// <summary><c>a=max-message-size</c> (RFC 8841 §6); null means the 64 KiB default.</summary>
    public long? MaxMessageSize { get; set; }

    /// <summary>
    /// <c>a=bundle-only</c> (RFC 8843 §6): with port 0, "accept this section only within the BUNDLE group",
    /// which JSEP's max-bundle policy (RFC 8829 §4.1.1) puts on every offered section but the first.
    /// </summary>
    public bool BundleOnly { get; set; }

    /// <summary>
    /// Port 0 without <c>a=bundle-only</c>: the section was rejected or stopped (RFC 8829 §5.3.1, RFC 3264 §6).
    /// RFC 8843 §7.2.1: "If the offerer assigns a zero port value to a bundled m= section, but does not
    /// include an SDP 'bundle-only' attribute in the m= section, it is an indication that the offerer
    /// wants to disable the m= section" — with the attribute, the section is offered (or, in an answer, accepted).
    /// </summary>
    public bool IsRejected => Port == 0 && !BundleOnly;

    /// <summary>The direction in force: <see cref="Direction"/>, or sendrecv when absent.</summary>
    public SdpDirection EffectiveDirection => Direction ?? SdpDirection.SendRecv;

    /// <summary>The payload entry for <paramref name="payloadType"/>, or null.</summary>
    public SdpRtpPayload? FindPayload(int payloadType) => Payloads.Find(p => p.PayloadType == payloadType);

    /// <summary>The payload entry for <paramref name="payloadType"/>, created (and listed) when missing.</summary>
    public SdpRtpPayload GetOrAddPayload(int payloadType)
    {
        SdpRtpPayload? payload = FindPayload(payloadType);
        if (payload is null)
        {
            payload = new SdpRtpPayload(payloadType);
            Payloads.Add(payload);
        }

        return payload;
    }

    /// <summary>Payloads whose rtpmap encoding name is <paramref name="encodingName"/> (case-insensitive).</summary>
    public IEnumerable<SdpRtpPayload> FindPayloads(string encodingName) =>
        Payloads.Where(p => string.Equals(p.EncodingName, encodingName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The CNAME announced by the first <c>a=ssrc:... cname:</c> line, if any.</summary>
    public string? Cname => Ssrcs.Find(s => s.Attribute == "cname")?.Value;
}
