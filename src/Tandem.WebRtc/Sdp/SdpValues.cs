namespace Tandem.WebRtc.Sdp;

/// <summary><c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c> (RFC 8866 §5.2).</summary>
/// <remarks><see cref="SessionId"/> is kept as text: RFC 8866 only requires digits, not a 64-bit range.</remarks>
internal sealed record SdpOrigin(string Username, string SessionId, ulong SessionVersion, string NetType, string AddressType, string Address)
{
    /// <summary>The origin JSEP uses (RFC 8829 §5.2.1): <c>- &lt;id&gt; &lt;version&gt; IN IP4 127.0.0.1</c>.</summary>
    public static SdpOrigin Create(string sessionId, ulong version = 2) => new("-", sessionId, version, "IN", "IP4", "127.0.0.1");

    /// <inheritdoc />
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetType} {AddressType} {Address}";
}

/// <summary><c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> (RFC 8866 §5.7).</summary>
internal sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary><c>IN IP4 0.0.0.0</c>, the JSEP placeholder (RFC 8829 §5.2.1).</summary>
    public static SdpConnection Placeholder { get; } = new("IN", "IP4", "0.0.0.0");

    /// <inheritdoc />
    public override string ToString() => $"{NetType} {AddressType} {Address}";
}

/// <summary><c>a=group:&lt;semantics&gt; &lt;mid&gt;...</c> (RFC 5888 §5), e.g. BUNDLE (RFC 9143).</summary>
internal sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    /// <inheritdoc />
    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);
}

/// <summary>
/// <c>a=msid-semantic: WMS [ids]</c> (the WebRTC legacy session attribute Chromium still emits;
/// written back in Chromium's form, with a space after the colon).
/// </summary>
internal sealed record SdpMsidSemantic(string Semantic, IReadOnlyList<string> Identifiers)
{
    /// <inheritdoc />
    public override string ToString() => Identifiers.Count == 0 ? Semantic : Semantic + " " + string.Join(' ', Identifiers);
}

/// <summary><c>a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;</c> (RFC 8122 §5).</summary>
internal sealed record SdpFingerprint(string HashFunction, string Value)
{
    /// <inheritdoc />
    public override string ToString() => HashFunction + " " + Value;
}

/// <summary>An attribute this model has no property for, kept verbatim (<c>a=name[:value]</c>).</summary>
internal sealed record SdpAttribute(string Name, string? Value)
{
    /// <inheritdoc />
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}

/// <summary>A non-attribute line this model keeps verbatim (<c>i=</c>, <c>b=</c>, <c>k=</c>, unknown types).</summary>
internal sealed record SdpLine(char Type, string Value)
{
    /// <inheritdoc />
    public override string ToString() => Type + "=" + Value;
}

/// <summary>
/// <c>a=sctpmap:&lt;port&gt; &lt;protocol&gt; [&lt;streams&gt;]</c> of the SCTP SDP format before RFC 8841
/// (draft-ietf-mmusic-sctp-sdp-05 §5.1: <c>m=application 9 DTLS/SCTP 5000</c>, the format is the SCTP
/// port, this line names the protocol). aiortc still offers it; libwebrtc accepts it and answers in kind.
/// </summary>
internal sealed record SdpSctpMap(int Port, string Protocol, int? Streams)
{
    /// <inheritdoc />
    public override string ToString() => Streams is { } streams
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Port} {Protocol} {streams}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Port} {Protocol}");
}
