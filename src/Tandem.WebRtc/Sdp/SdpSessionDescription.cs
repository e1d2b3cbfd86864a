using System.Diagnostics.CodeAnalysis;

namespace Tandem.WebRtc.Sdp;

/// <summary>
/// A session description (RFC 8866) as WebRTC uses it (JSEP, RFC 8829): session lines, session-level
/// attributes and the media sections. <see cref="TryParse"/> is tolerant of what browsers emit and never
/// throws; <see cref="ToString"/> writes CRLF lines in a canonical order (the order Chromium uses).
/// </summary>
internal sealed class SdpSessionDescription
{
    /// <summary><c>v=</c>; always 0.</summary>
    public int Version { get; set; }

    /// <summary><c>o=</c>.</summary>
    public SdpOrigin Origin { get; set; } = SdpOrigin.Create("0");

    /// <summary><c>s=</c>; JSEP uses <c>-</c>.</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>Session-level <c>c=</c>.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary><c>t=</c>; JSEP uses <c>0 0</c>.</summary>
    public string Timing { get; set; } = "0 0";

    /// <summary><c>i=</c>, <c>u=</c>, <c>e=</c>, <c>p=</c>, <c>b=</c>, <c>r=</c>, <c>z=</c>, <c>k=</c> and unknown lines, verbatim.</summary>
    public List<SdpLine> Lines { get; } = [];

    /// <summary><c>a=group</c> lines, e.g. <c>BUNDLE 0 1 2</c> (RFC 9143).</summary>
    public List<SdpGroup> Groups { get; } = [];

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed { get; set; }

    /// <summary><c>a=msid-semantic</c>.</summary>
    public SdpMsidSemantic? MsidSemantic { get; set; }

    /// <summary><c>a=ice-lite</c> (RFC 8839 §5.3).</summary>
    public bool IceLite { get; set; }

    /// <summary>Session-level <c>a=ice-ufrag</c> (applies to sections without their own).</summary>
    public string? IceUfrag { get; set; }

    /// <summary>Session-level <c>a=ice-pwd</c>.</summary>
    public string? IcePwd { get; set; }

    /// <summary>Session-level <c>a=ice-options</c>.</summary>
    public string? IceOptions { get; set; }

    /// <summary>Session-level <c>a=fingerprint</c> lines (Firefox writes them here).</summary>
    public List<SdpFingerprint> Fingerprints { get; } = [];

    /// <summary>Session-level <c>a=setup</c>.</summary>
    public SdpSetup? Setup { get; set; }

    /// <summary>Session-level direction attribute (applies to sections without their own).</summary>
    public SdpDirection? Direction { get; set; }

    /// <summary>Session attributes without a property here, verbatim and in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The media sections, in order.</summary>
    public List<SdpMediaDescription> Media { get; } = [];

    /// <summary>The BUNDLE group, if any.</summary>
    public SdpGroup? BundleGroup => Groups.Find(g => string.Equals(g.Semantics, "BUNDLE", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="text"/>; never throws.</summary>
    /// <param name="text">SDP with CRLF or LF line ends.</param>
    /// <param name="description">The parsed description, when true is returned.</param>
    /// <param name="error">Why parsing failed (with the line number), when false is returned.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SdpSessionDescription? description, [NotNullWhen(false)] out string? error) =>
        SdpParser.TryParse(text, out description, out error);

    /// <summary>The section with <c>a=mid:<paramref name="mid"/></c>, or null.</summary>
    public SdpMediaDescription? FindMedia(string mid) => Media.Find(m => m.Mid == mid);

    /// <summary>ice-ufrag of <paramref name="media"/>, falling back to the session level.</summary>
    public string? GetIceUfrag(SdpMediaDescription media) => media.IceUfrag ?? IceUfrag;

    /// <summary>ice-pwd of <paramref name="media"/>, falling back to the session level.</summary>
    public string? GetIcePwd(SdpMediaDescription media) => media.IcePwd ?? IcePwd;

    /// <summary>Fingerprints of <paramref name="media"/>, falling back to the session level.</summary>
    public IReadOnlyList<SdpFingerprint> GetFingerprints(SdpMediaDescription media) =>
        media.Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;

    /// <summary>a=setup of <paramref name="media"/>, falling back to the session level.</summary>
    public SdpSetup? GetSetup(SdpMediaDescription media) => media.Setup ?? Setup;

    /// <summary>Direction of <paramref name="media"/>, falling back to the session level, then sendrecv.</summary>
    public SdpDirection GetDirection(SdpMediaDescription media) => media.Direction ?? Direction ?? SdpDirection.SendRecv;

    /// <summary>The description as SDP text: CRLF line ends, canonical line order.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
