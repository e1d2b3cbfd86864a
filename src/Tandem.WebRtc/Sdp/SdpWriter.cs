using System.Globalization;
using System.Text;

namespace Tandem.WebRtc.Sdp;

/// <summary>
/// Writes SDP with CRLF line ends (RFC 8866 §5) in a canonical order: the RFC 8866 line order, then
/// attributes in the order Chromium writes them (RFC 8829 §5.2.1 lists the same content).
/// </summary>
internal static partial class SdpWriter
{
    // RFC 8866 §5: i u e p c b t r z k precede the attributes; unknown types go after the known ones.
    private const string SessionLinesBeforeConnection = "iuep";
    private const string SessionLinesAfterTiming = "trzk";

    public static string Write(SdpSessionDescription session)
    {
        var sdp = new StringBuilder(4096);
        Line(sdp, 'v', session.Version.ToString(CultureInfo.InvariantCulture));
        Line(sdp, 'o', session.Origin.ToString());
        Line(sdp, 's', session.SessionName);
        foreach (char type in SessionLinesBeforeConnection)
        {
            Lines(sdp, session.Lines, type);
        }

        if (session.Connection is not null)
        {
            Line(sdp, 'c', session.Connection.ToString());
        }

        Lines(sdp, session.Lines, 'b');
        Line(sdp, 't', session.Timing);
        foreach (char type in SessionLinesAfterTiming)
        {
            Lines(sdp, session.Lines, type);
        }

        OtherLines(sdp, session.Lines, SessionLinesBeforeConnection + "b" + SessionLinesAfterTiming);
        WriteSessionAttributes(sdp, session);
        foreach (SdpMediaDescription media in session.Media)
        {
            WriteMedia(sdp, media);
        }

        return sdp.ToString();
    }

    private static void WriteSessionAttributes(StringBuilder sdp, SdpSessionDescription session)
    {
        foreach (SdpGroup group in session.Groups)
        {
            Attribute(sdp, "group", group.ToString());
        }

        Flag(sdp, "extmap-allow-mixed", session.ExtmapAllowMixed);
        foreach (SdpAttribute attribute in session.Attributes)
        {
            Verbatim(sdp, attribute);
        }

        if (session.MsidSemantic is not null)
        {
            Attribute(sdp, "msid-semantic", " " + session.MsidSemantic);
        }

        Flag(sdp, "ice-lite", session.IceLite);
        Attribute(sdp, "ice-ufrag", session.IceUfrag);
        Attribute(sdp, "ice-pwd", session.IcePwd);
        Attribute(sdp, "ice-options", session.IceOptions);
        foreach (SdpFingerprint fingerprint in session.Fingerprints)
        {
            Attribute(sdp, "fingerprint", fingerprint.ToString());
        }

        Attribute(sdp, "setup", session.Setup?.ToSdp());
        if (session.Direction is { } direction)
        {
            Flag(sdp, direction.ToSdp(), present: true);
        }
    }

    private static void Line(StringBuilder sdp, char type, string value) =>
        sdp.Append(type).Append('=').Append(value).Append("\r\n");

    private static void Lines(StringBuilder sdp, List<SdpLine> lines, char type)
    {
        foreach (SdpLine line in lines)
        {
            if (line.Type == type)
            {
                Line(sdp, line.Type, line.Value);
            }
        }
    }

    private static void OtherLines(StringBuilder sdp, List<SdpLine> lines, string written)
    {
        foreach (SdpLine line in lines)
        {
            if (!written.Contains(line.Type, StringComparison.Ordinal))
            {
                Line(sdp, line.Type, line.Value);
            }
        }
    }

    /// <summary>Writes <c>a=name:value</c> when there is a value.</summary>
    private static void Attribute(StringBuilder sdp, string name, string? value)
    {
        if (value is not null)
        {
            sdp.Append("a=").Append(name).Append(':').Append(value).Append("\r\n");
        }
    }

    /// <summary>Writes the property attribute <c>a=name</c> when present.</summary>
    private static void Flag(StringBuilder sdp, string name, bool present)
    {
        if (present)
        {
            sdp.Append("a=").Append(name).Append("\r\n");
        }
    }

    /// <summary>Writes a preserved attribute as it was read.</summary>
    private static void Verbatim(StringBuilder sdp, SdpAttribute attribute) =>
        sdp.Append("a=").Append(attribute.ToString()).Append("\r\n");
}
