using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>What one negotiated RTP section carries, from our side: its mid, payload type, directions and feedback.</summary>
/// <param name="Mid">The section's <c>a=mid</c>.</param>
/// <param name="PayloadType">The one payload type both ends use (the offer's number, RFC 8829 §5.3.1).</param>
/// <param name="Send">We send on it.</param>
/// <param name="Receive">We receive on it.</param>
/// <param name="MidExtensionId">The accepted extmap id of the MID header extension (RFC 8843 §15); 0 = none.</param>
/// <param name="Nack">Generic NACK accepted (RFC 4585 §4.2 <c>nack</c>).</param>
/// <param name="Pli">PLI accepted (<c>nack pli</c>).</param>
/// <param name="RtxPayloadType">The accepted <c>rtx</c> payload type repairing <paramref name="PayloadType"/> (RFC 4588 §8.6), or null.</param>
/// <param name="TransportExtensionId">The accepted extmap id of the transport-wide sequence number, with <c>transport-cc</c> feedback; 0 = none.</param>
internal sealed record MediaTrackPlan(
    string Mid, byte PayloadType, bool Send, bool Receive, int MidExtensionId, bool Nack, bool Pli, byte? RtxPayloadType = null, int TransportExtensionId = 0);

/// <summary>
/// The outcome of one offer/answer exchange (RFC 3264 §6): the accepted video, audio and data sections.
/// The answer is authoritative: an accepted section is one with a non-zero port there.
/// </summary>
internal sealed record MediaPlan(MediaTrackPlan? Video, MediaTrackPlan? Audio, string? DataMid, IReadOnlyList<SectionSlot> Layout)
{
    /// <summary>The public summary.</summary>
    public RtcNegotiatedMedia ToNegotiated() => new(
        Video?.Send == true, Video?.Receive == true, Audio?.Send == true, Audio?.Receive == true, DataMid is not null);

    /// <summary>Whether an RTP section is in use in either direction (the demux and SRTP are needed).</summary>
    public bool HasMedia => Video is { } v && (v.Send || v.Receive) || Audio is { } a && (a.Send || a.Receive);

    /// <summary>Reads the plan out of the answer, seen from the answerer (<paramref name="weAnswered"/>) or the offerer.</summary>
    public static MediaPlan FromAnswer(SdpSessionDescription answer, bool weAnswered)
    {
        MediaTrackPlan? video = null;
        MediaTrackPlan? audio = null;
        string? dataMid = null;
        var layout = new List<SectionSlot>(answer.Media.Count);
        foreach (var section in answer.Media)
        {
            var mid = section.Mid ?? layout.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!section.IsRejected && dataMid is null && RemoteParameters.IsDataSection(section))
            {
                dataMid = mid;
                layout.Add(new SectionSlot(SectionKind.Data, mid, section.Media, section.Protocol));
            }
            else if (!section.IsRejected && video is null && IsRtp(section, "video") && Track(answer, section, mid, "H264", weAnswered) is { } v)
            {
                video = v;
                layout.Add(new SectionSlot(SectionKind.Video, mid, section.Media, section.Protocol, v.PayloadType, v.MidExtensionId, v.RtxPayloadType, v.TransportExtensionId));
            }
            else if (!section.IsRejected && audio is null && IsRtp(section, "audio") && Track(answer, section, mid, "opus", weAnswered) is { } a)
            {
                audio = a;
                layout.Add(new SectionSlot(SectionKind.Audio, mid, section.Media, section.Protocol, a.PayloadType, a.MidExtensionId, TransportExtensionId: a.TransportExtensionId));
            }
            else
            {
                layout.Add(new SectionSlot(SectionKind.Rejected, mid, section.Media, section.Protocol));
            }
        }

        return new MediaPlan(video, audio, dataMid, layout);
    }

    /// <summary>An RTP section of <paramref name="media"/> (RFC 5764 §8 <c>UDP/TLS/RTP/SAVPF</c> and kin).</summary>
    public static bool IsRtp(SdpMediaDescription section, string media) =>
        string.Equals(section.Media, media, StringComparison.OrdinalIgnoreCase)
        && section.Protocol.Contains("RTP/SAVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>RFC 3264 §6.1: what we may do on a section whose direction, seen from its writer, is <paramref name="direction"/>.</summary>
    public static (bool Send, bool Receive) FromWriter(SdpDirection direction, bool weWrote) => direction switch
    {
        SdpDirection.SendRecv => (true, true),
        SdpDirection.SendOnly => weWrote ? (true, false) : (false, true),
        SdpDirection.RecvOnly => weWrote ? (false, true) : (true, false),
        _ => (false, false),
    };

    /// <summary>The direction attribute for sending and/or receiving.</summary>
    public static SdpDirection ToDirection(bool send, bool receive) => (send, receive) switch
    {
        (true, true) => SdpDirection.SendRecv,
        (true, false) => SdpDirection.SendOnly,
        (false, true) => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>The section's one-byte extmap id of the transport-wide sequence number, or 0.</summary>
    public static int TransportExtension(SdpMediaDescription section) =>
        section.Extmaps.Find(e => e.Uri == RtpHeaderExtensionUris.TransportSequenceNumber && e.Id is >= 1 and <= 14)?.Id ?? 0;

    private static MediaTrackPlan? Track(SdpSessionDescription answer, SdpMediaDescription section, string mid, string encoding, bool weAnswered)
    {
        // RFC 8829 §5.3.1: the answer lists the payload types it accepts, the preferred first.
        SdpRtpPayload? payload = null;
        foreach (var format in section.Formats)
        {
            if (byte.TryParse(format, System.Globalization.CultureInfo.InvariantCulture, out var pt) && pt <= 127
                && section.FindPayload(pt) is { } p && string.Equals(p.EncodingName, encoding, StringComparison.OrdinalIgnoreCase))
            {
                payload = p;
                break;
            }
        }

        if (payload is null)
        {
            return null;
        }

        var (send, receive) = FromWriter(answer.GetDirection(section), weAnswered);
        var midExtension = section.Extmaps.Find(e => e.Uri == RtpHeaderExtensionUris.Mid && e.Id is >= 1 and <= 14)?.Id ?? 0;
        var nack = payload.Feedback.Contains("nack") || section.WildcardFeedback.Contains("nack");

        // RFC 4588 §8.6: the answer's rtx payload with apt = the chosen one; without NACK it would never be used.
        var rtx = nack ? CodecSelection.ChooseRtx(section, payload.PayloadType) : null;
        var transportCc = payload.Feedback.Contains("transport-cc") || section.WildcardFeedback.Contains("transport-cc");
        return new MediaTrackPlan(
            mid, (byte)payload.PayloadType, send, receive, midExtension, nack,
            payload.Feedback.Contains("nack pli") || section.WildcardFeedback.Contains("nack pli"),
            (byte?)rtx?.PayloadType,
            transportCc ? TransportExtension(section) : 0);
    }
}

/// <summary>What an m-line slot holds; a re-offer keeps every slot's place and mid (RFC 8829 §5.2.2).</summary>
internal enum SectionKind
{
    Video,
    Audio,
    Data,
    Rejected,
}

/// <summary>One m-line of the negotiated layout.</summary>
internal sealed record SectionSlot(
    SectionKind Kind, string Mid, string Media, string Protocol, byte PayloadType = 0, int MidExtensionId = 0, byte? RtxPayloadType = null,
    int TransportExtensionId = 0);
