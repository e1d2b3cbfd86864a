using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tandem.WebRtc.Sdp;

internal static partial class SdpParser
{
    private static void ParseMediaAttribute(SdpMediaDescription media, string attribute)
    {
        (string name, string? value) = SplitAttribute(attribute);
        if (!TryApplyMediaAttribute(media, name, value))
        {
            media.Attributes.Add(new SdpAttribute(name, value));
        }
    }

    /// <summary>Applies a known, well-formed attribute; false keeps it verbatim in <see cref="SdpMediaDescription.Attributes"/>.</summary>
    private static bool TryApplyMediaAttribute(SdpMediaDescription media, string name, string? value)
    {
        if (value is null)
        {
            return ApplyFlag(media, name);
        }

        switch (name)
        {
            case "rtcp":
                media.Rtcp = value;
                return true;
            case "candidate":
                media.Candidates.Add(value);
                return true;
            case "ice-ufrag":
                media.IceUfrag = value;
                return true;
            case "ice-pwd":
                media.IcePwd = value;
                return true;
            case "ice-options":
                media.IceOptions = value;
                return true;
            case "mid":
                media.Mid = value;
                return true;
            case "fingerprint" when TryParseFingerprint(value, out SdpFingerprint? fingerprint):
                media.Fingerprints.Add(fingerprint);
                return true;
            case "setup" when SdpEnumText.ParseSetup(value) is { } setup:
                media.Setup = setup;
                return true;
            case "sctp-port" when TryParseInt(value, 0, 65535, out int sctpPort):
                media.SctpPort = sctpPort;
                return true;
            case "sctpmap" when TryParseSctpMap(value, out SdpSctpMap? sctpMap):
                media.SctpMap = sctpMap;
                return true;
            case "max-message-size" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size):
                media.MaxMessageSize = size;
                return true;
            case "msid" when Words(value) is { Length: 1 or 2 } msid:
                media.Msids.Add(new SdpMsid(msid[0], msid.Length == 2 ? msid[1] : null));
                return true;
            case "extmap":
                return TryParseExtmap(media, value);
            case "rtpmap":
                return TryParseRtpMap(media, value);
            case "fmtp":
                return TryParseFmtp(media, value);
            case "rtcp-fb":
                return TryParseFeedback(media, value);
            case "ssrc":
                return TryParseSsrc(media, value);
            case "ssrc-group":
                return TryParseSsrcGroup(media, value);
            default:
                return false;
        }
    }

    /// <summary>draft-ietf-mmusic-sctp-sdp-05 §5.1: <c>a=sctpmap:&lt;port&gt; &lt;protocol&gt; [&lt;streams&gt;]</c>.</summary>
    private static bool TryParseSctpMap(string value, [NotNullWhen(true)] out SdpSctpMap? sctpMap)
    {
        sctpMap = null;
        string[] words = Words(value);
        int streams = 0;
        if (words.Length is < 2 or > 3 || !TryParseInt(words[0], 0, 65535, out int port)
            || (words.Length == 3 && !TryParseInt(words[2], 0, 65535, out streams)))
        {
            return false;
        }

        sctpMap = new SdpSctpMap(port, words[1], words.Length == 3 ? streams : null);
        return true;
    }

    private static bool ApplyFlag(SdpMediaDescription media, string name)
    {
        switch (name)
        {
            case "end-of-candidates":
                media.EndOfCandidates = true;
                return true;
            case "rtcp-mux":
                media.RtcpMux = true;
                return true;
            case "rtcp-mux-only":
                media.RtcpMuxOnly = true;
                return true;
            case "bundle-only":
                media.BundleOnly = true;
                return true;
            case "rtcp-rsize":
                media.RtcpReducedSize = true;
                return true;
            default:
                if (SdpEnumText.ParseDirection(name) is not { } direction)
                {
                    return false;
                }

                media.Direction = direction;
                return true;
        }
    }

    private static bool TryParseExtmap(SdpMediaDescription media, string value)
    {
        // RFC 8285 §7: a=extmap:<value>["/"<direction>] <URI> <extensionattributes>
        string[] words = Words(value);
        if (words.Length < 2)
        {
            return false;
        }

        string[] id = words[0].Split('/');
        if (id.Length > 2 || !TryParseInt(id[0], 1, 4095, out int number))
        {
            return false;
        }

        string? attributes = words.Length > 2 ? string.Join(' ', words[2..]) : null;
        media.Extmaps.Add(new SdpExtmap(number, words[1], id.Length == 2 ? id[1] : null, attributes));
        return true;
    }

    private static bool TryParseRtpMap(SdpMediaDescription media, string value)
    {
        // RFC 8866 §6.6: a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
        if (!TrySplitPayloadType(value, out int payloadType, out string rest))
        {
            return false;
        }

        string[] parts = rest.Split('/');
        int channels = 0;
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !TryParseInt(parts[1], 1, int.MaxValue, out int clockRate)
            || (parts.Length == 3 && !TryParseInt(parts[2], 1, 255, out channels)))
        {
            return false;
        }

        SdpRtpPayload payload = media.GetOrAddPayload(payloadType);
        payload.EncodingName = parts[0];
        payload.ClockRate = clockRate;
        payload.Channels = parts.Length == 3 ? channels : null;
        return true;
    }

    private static bool TryParseFmtp(SdpMediaDescription media, string value)
    {
        // RFC 8866 §6.15: a=fmtp:<format> <format specific parameters>
        if (!TrySplitPayloadType(value, out int payloadType, out string parameters))
        {
            return false;
        }

        media.GetOrAddPayload(payloadType).Parameters = parameters;
        return true;
    }

    private static bool TryParseFeedback(SdpMediaDescription media, string value)
    {
        // RFC 4585 §4.2: a=rtcp-fb:<payload type or *> <val>
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == value.Length - 1)
        {
            return false;
        }

        string feedback = value[(space + 1)..].Trim();
        if (value[..space] == "*")
        {
            media.WildcardFeedback.Add(feedback);
            return true;
        }

        if (!TryParseInt(value[..space], 0, 127, out int payloadType))
        {
            return false;
        }

        media.GetOrAddPayload(payloadType).Feedback.Add(feedback);
        return true;
    }

    private static bool TrySplitPayloadType(string value, out int payloadType, out string rest)
    {
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        rest = space < 0 ? "" : value[(space + 1)..].Trim();
        return TryParseInt(space < 0 ? value : value[..space], 0, 127, out payloadType) && rest.Length > 0;
    }

    private static bool TryParseSsrc(SdpMediaDescription media, string value)
    {
        // RFC 5576 §4.1: a=ssrc:<ssrc-id> <attribute>[:<value>]
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !TryParseSsrcId(value[..space], out uint ssrc))
        {
            return false;
        }

        (string attribute, string? attributeValue) = SplitAttribute(value[(space + 1)..]);
        if (attribute.Length == 0)
        {
            return false;
        }

        media.Ssrcs.Add(new SdpSsrc(ssrc, attribute, attributeValue));
        return true;
    }

    private static bool TryParseSsrcGroup(SdpMediaDescription media, string value)
    {
        // RFC 5576 §4.2: a=ssrc-group:<semantics> <ssrc-id> ...
        string[] words = Words(value);
        var ssrcs = new List<uint>();
        foreach (string word in words.Skip(1))
        {
            if (!TryParseSsrcId(word, out uint ssrc))
            {
                return false;
            }

            ssrcs.Add(ssrc);
        }

        if (words.Length < 2)
        {
            return false;
        }

        media.SsrcGroups.Add(new SdpSsrcGroup(words[0], ssrcs));
        return true;
    }

    private static bool TryParseSsrcId(string text, out uint ssrc) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ssrc);
}
