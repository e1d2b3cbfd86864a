namespace Tandem.WebRtc.Sdp;

/// <summary>
/// One RTP payload type of a media section: its <c>a=rtpmap</c> (RFC 8866 §6.6), <c>a=fmtp</c>
/// (RFC 8866 §6.15) and <c>a=rtcp-fb</c> lines (RFC 4585 §4.2).
/// </summary>
internal sealed class SdpRtpPayload
{
    /// <summary>Creates an entry for <paramref name="payloadType"/>.</summary>
    public SdpRtpPayload(int payloadType) => PayloadType = payloadType;

    /// <summary>The payload type number (whatever the offer says; never assume Chromium's).</summary>
    public int PayloadType { get; }

    /// <summary>Encoding name from rtpmap (<c>opus</c>, <c>H264</c>); null when there is no rtpmap line.</summary>
    public string? EncodingName { get; set; }

    /// <summary>RTP clock rate from rtpmap.</summary>
    public int ClockRate { get; set; }

    /// <summary>Channel count from rtpmap (audio), or null when not written.</summary>
    public int? Channels { get; set; }

    /// <summary>The fmtp parameter string (<c>minptime=10;useinbandfec=1</c>), or null.</summary>
    public string? Parameters { get; set; }

    /// <summary>rtcp-fb values for this payload type (<c>nack</c>, <c>nack pli</c>, <c>transport-cc</c>).</summary>
    public List<string> Feedback { get; } = [];

    /// <summary>The rtpmap value without the payload type: <c>opus/48000/2</c>.</summary>
    public string? RtpMap => EncodingName is null ? null
        : Channels is { } channels ? $"{EncodingName}/{ClockRate}/{channels}" : $"{EncodingName}/{ClockRate}";

    /// <summary>The fmtp parameters as name/value pairs (RFC 8866 §6.15; <c>;</c>-separated <c>name=value</c>).</summary>
    public IReadOnlyDictionary<string, string> ParseParameters()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in (Parameters ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            result[equals < 0 ? part : part[..equals]] = equals < 0 ? "" : part[(equals + 1)..];
        }

        return result;
    }
}

/// <summary><c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;attributes&gt;]</c> (RFC 8285 §7).</summary>
internal sealed record SdpExtmap(int Id, string Uri, string? Direction = null, string? Attributes = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Id}{(Direction is null ? "" : "/" + Direction)} {Uri}{(Attributes is null ? "" : " " + Attributes)}";
}

/// <summary><c>a=ssrc:&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576 §4.1), e.g. <c>cname:...</c>.</summary>
internal sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Ssrc} {Attribute}{(Value is null ? "" : ":" + Value)}";
}

/// <summary><c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc&gt;...</c> (RFC 5576 §4.2), e.g. FID for RTX.</summary>
internal sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    /// <inheritdoc />
    public override string ToString() => Semantics + " " + string.Join(' ', Ssrcs);
}

/// <summary><c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830 §2).</summary>
internal sealed record SdpMsid(string StreamId, string? TrackId)
{
    /// <inheritdoc />
    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;
}
