using System.Globalization;
using System.Text;

namespace Tandem.WebRtc.Sdp;

internal static partial class SdpWriter
{
    // RFC 8866 §5.14: after m= come i, c, b, k; unknown types after those.
    private const string MediaLinesAfterConnection = "bk";

    private static void WriteMedia(StringBuilder sdp, SdpMediaDescription media)
    {
        string port = media.PortCount is { } count
            ? $"{media.Port}/{count}"
            : media.Port.ToString(CultureInfo.InvariantCulture);
        string formats = media.Formats.Count == 0 ? "" : " " + string.Join(' ', media.Formats);
        Line(sdp, 'm', $"{media.Media} {port} {media.Protocol}{formats}");
        Lines(sdp, media.Lines, 'i');
        if (media.Connection is not null)
        {
            Line(sdp, 'c', media.Connection.ToString());
        }

        foreach (char type in MediaLinesAfterConnection)
        {
            Lines(sdp, media.Lines, type);
        }

        OtherLines(sdp, media.Lines, "i" + MediaLinesAfterConnection);
        WriteTransportAttributes(sdp, media);
        WriteRtpAttributes(sdp, media);
        if (media.SctpPort is { } sctpPort)
        {
            Attribute(sdp, "sctp-port", sctpPort.ToString(CultureInfo.InvariantCulture));
        }

        Attribute(sdp, "sctpmap", media.SctpMap?.ToString());

        if (media.MaxMessageSize is { } maxMessageSize)
        {
            Attribute(sdp, "max-message-size", maxMessageSize.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteTransportAttributes(StringBuilder sdp, SdpMediaDescription media)
    {
        Attribute(sdp, "rtcp", media.Rtcp);
        foreach (string candidate in media.Candidates)
        {
            Attribute(sdp, "candidate", candidate);
        }

        Flag(sdp, "end-of-candidates", media.EndOfCandidates);
        Attribute(sdp, "ice-ufrag", media.IceUfrag);
        Attribute(sdp, "ice-pwd", media.IcePwd);
        Attribute(sdp, "ice-options", media.IceOptions);
        foreach (SdpFingerprint fingerprint in media.Fingerprints)
        {
            Attribute(sdp, "fingerprint", fingerprint.ToString());
        }

        Attribute(sdp, "setup", media.Setup?.ToSdp());
        Attribute(sdp, "mid", media.Mid);
        Flag(sdp, "bundle-only", media.BundleOnly);
        foreach (SdpExtmap extmap in media.Extmaps)
        {
            Attribute(sdp, "extmap", extmap.ToString());
        }

        if (media.Direction is { } direction)
        {
            Flag(sdp, direction.ToSdp(), present: true);
        }

        foreach (SdpMsid msid in media.Msids)
        {
            Attribute(sdp, "msid", msid.ToString());
        }

        Flag(sdp, "rtcp-mux", media.RtcpMux);
        Flag(sdp, "rtcp-mux-only", media.RtcpMuxOnly);
        Flag(sdp, "rtcp-rsize", media.RtcpReducedSize);
        foreach (SdpAttribute attribute in media.Attributes)
        {
            Verbatim(sdp, attribute);
        }
    }

    private static void WriteRtpAttributes(StringBuilder sdp, SdpMediaDescription media)
    {
        foreach (string feedback in media.WildcardFeedback)
        {
            Attribute(sdp, "rtcp-fb", "* " + feedback);
        }

        // Payload lines follow the m-line order; entries not on the m-line keep their own order after.
        var ordered = new List<SdpRtpPayload>(media.Payloads.Count);
        foreach (string format in media.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType)
                && media.FindPayload(payloadType) is { } payload && !ordered.Contains(payload))
            {
                ordered.Add(payload);
            }
        }

        ordered.AddRange(media.Payloads.Where(p => !ordered.Contains(p)));
        foreach (SdpRtpPayload payload in ordered)
        {
            string pt = payload.PayloadType.ToString(CultureInfo.InvariantCulture);
            Attribute(sdp, "rtpmap", payload.RtpMap is { } rtpMap ? pt + " " + rtpMap : null);
            foreach (string feedback in payload.Feedback)
            {
                Attribute(sdp, "rtcp-fb", pt + " " + feedback);
            }

            Attribute(sdp, "fmtp", payload.Parameters is { } parameters ? pt + " " + parameters : null);
        }

        foreach (SdpSsrcGroup group in media.SsrcGroups)
        {
            Attribute(sdp, "ssrc-group", group.ToString());
        }

        foreach (SdpSsrc ssrc in media.Ssrcs)
        {
            Attribute(sdp, "ssrc", ssrc.ToString());
        }
    }
}
