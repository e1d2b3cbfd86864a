using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tandem.WebRtc.Sdp;

/// <summary>
/// Line-by-line SDP reader (RFC 8866 §5: <c>&lt;type&gt;=&lt;value&gt;</c>, session part then media
/// sections). Structural errors (no <c>v=0</c> first, malformed <c>o=</c>/<c>m=</c>/<c>c=</c>, a line that
/// is not <c>x=...</c>) fail; a malformed or unknown attribute is kept verbatim instead.
/// </summary>
internal static partial class SdpParser
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out SdpSessionDescription? description, [NotNullWhen(false)] out string? error)
    {
        description = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The SDP is empty.";
            return false;
        }

        var session = new SdpSessionDescription();
        SdpMediaDescription? media = null;
        bool sawVersion = false;
        bool sawOrigin = false;
        bool sawTiming = false;
        int lineNumber = 0;
        foreach (ReadOnlySpan<char> raw in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            ReadOnlySpan<char> line = raw.TrimEnd();
            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
            {
                error = $"Line {lineNumber}: expected '<type>=<value>'.";
                return false;
            }

            char type = line[0];
            string value = line[2..].ToString();
            if (!sawVersion)
            {
                // RFC 8866 §5.1: the description starts with v=0.
                if (type != 'v' || value != "0")
                {
                    error = $"Line {lineNumber}: an SDP must start with 'v=0'.";
                    return false;
                }

                sawVersion = true;
                continue;
            }

            string? lineError = type switch
            {
                'v' => "duplicate 'v=' line.",
                'o' when media is not null || sawOrigin => "unexpected 'o=' line.",
                'o' => ParseOrigin(session, value, out sawOrigin),
                'c' => ParseConnection(session, media, value),
                'm' => ParseMediaLine(value, out media),
                _ => null,
            };
            if (lineError is not null)
            {
                error = $"Line {lineNumber}: {lineError}";
                return false;
            }

            switch (type)
            {
                case 'm':
                    session.Media.Add(media!);
                    break;
                case 's' when media is null:
                    session.SessionName = value;
                    break;
                case 't' when media is null && !sawTiming:
                    session.Timing = value;
                    sawTiming = true;
                    break;
                case 'a' when media is null:
                    ParseSessionAttribute(session, value);
                    break;
                case 'a':
                    ParseMediaAttribute(media!, value);
                    break;
                case 'v' or 'o' or 'c':
                    break;
                default:
                    (media?.Lines ?? session.Lines).Add(new SdpLine(type, value));
                    break;
            }
        }

        if (!sawOrigin)
        {
            error = "The SDP has no 'o=' line.";
            return false;
        }

        error = null;
        description = session;
        return true;
    }

    private static string? ParseOrigin(SdpSessionDescription session, string value, out bool parsed)
    {
        // RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ulong version = 0;
        parsed = fields.Length == 6
            && fields[1].Length > 0
            && fields[1].All(char.IsAsciiDigit)
            && ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out version);
        if (!parsed)
        {
            return "malformed 'o=' line.";
        }

        session.Origin = new SdpOrigin(fields[0], fields[1], version, fields[3], fields[4], fields[5]);
        return null;
    }

    private static string? ParseConnection(SdpSessionDescription session, SdpMediaDescription? media, string value)
    {
        // RFC 8866 §5.7: c=<nettype> <addrtype> <connection-address>
        string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 3)
        {
            return "malformed 'c=' line.";
        }

        var connection = new SdpConnection(fields[0], fields[1], fields[2]);
        if (media is null)
        {
            session.Connection = connection;
        }
        else
        {
            media.Connection = connection;
        }

        return null;
    }

    private static string? ParseMediaLine(string value, out SdpMediaDescription? media)
    {
        // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        media = null;
        string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3)
        {
            return "malformed 'm=' line.";
        }

        string[] port = fields[1].Split('/');
        if (port.Length > 2 || !TryParseInt(port[0], 0, 65535, out int number))
        {
            return "malformed port in 'm=' line.";
        }

        int? count = null;
        if (port.Length == 2)
        {
            if (!TryParseInt(port[1], 1, 65535, out int ports))
            {
                return "malformed port count in 'm=' line.";
            }

            count = ports;
        }

        media = new SdpMediaDescription { Media = fields[0], Port = number, PortCount = count, Protocol = fields[2] };
        media.Formats.AddRange(fields.Skip(3));
        return null;
    }

    private static bool TryParseInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static (string Name, string? Value) SplitAttribute(string attribute)
    {
        int colon = attribute.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (attribute, null) : (attribute[..colon], attribute[(colon + 1)..]);
    }

    private static string[] Words(string? value) =>
        (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static bool TryParseFingerprint(string? value, [NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        string[] words = Words(value);
        fingerprint = words.Length == 2 ? new SdpFingerprint(words[0], words[1]) : null;
        return fingerprint is not null;
    }

    private static void ParseSessionAttribute(SdpSessionDescription session, string attribute)
    {
        (string name, string? value) = SplitAttribute(attribute);
        string[] words = Words(value);
        bool known = true;
        switch (name)
        {
            case "group" when words.Length >= 1:
                session.Groups.Add(new SdpGroup(words[0], words[1..]));
                break;
            case "extmap-allow-mixed" when value is null:
                session.ExtmapAllowMixed = true;
                break;
            case "msid-semantic" when words.Length >= 1:
                session.MsidSemantic = new SdpMsidSemantic(words[0], words[1..]);
                break;
            case "ice-lite" when value is null:
                session.IceLite = true;
                break;
            case "ice-ufrag" when value is not null:
                session.IceUfrag = value;
                break;
            case "ice-pwd" when value is not null:
                session.IcePwd = value;
                break;
            case "ice-options" when value is not null:
                session.IceOptions = value;
                break;
            case "fingerprint" when TryParseFingerprint(value, out SdpFingerprint? fingerprint):
                session.Fingerprints.Add(fingerprint);
                break;
            case "setup" when SdpEnumText.ParseSetup(value) is { } setup:
                session.Setup = setup;
                break;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive" when value is null:
                session.Direction = SdpEnumText.ParseDirection(name);
                break;
            default:
                known = false;
                break;
        }

        if (!known)
        {
            session.Attributes.Add(new SdpAttribute(name, value));
        }
    }
}
