using System.Globalization;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// Writes our offers and answers (JSEP, RFC 8829 §5.2 and §5.3): H.264 video, Opus audio and the
/// data channel as <see cref="RtcFeatures"/> allow, all in one BUNDLE group (RFC 9143) sharing one
/// ICE/DTLS transport, whose parameters every accepted section repeats.
/// </summary>
internal static partial class LocalDescriptionBuilder
{
    public const string DataFormat = "webrtc-datachannel";
    public const string DataProtocol = "UDP/DTLS/SCTP";

    /// <summary>The data section's protocol in the format before RFC 8841 (see <see cref="RemoteParameters.IsLegacyDataSection"/>).</summary>
    public const string LegacyDataProtocol = "DTLS/SCTP";

    /// <summary>RFC 8829 §5.2.1 order of a first offer: video, audio, data, with mids "0", "1", "2"... for the parts that are on.</summary>
    public static IReadOnlyList<SectionSlot> InitialLayout(RtcFeatures features)
    {
        var slots = new List<SectionSlot>(3);
        string NextMid() => slots.Count.ToString(CultureInfo.InvariantCulture);
        if (features.Video)
        {
            slots.Add(new SectionSlot(
                SectionKind.Video, NextMid(), "video", MediaSectionWriter.RtpProtocol, LocalMedia.DefaultVideoPayloadType, LocalMedia.DefaultMidExtensionId, LocalMedia.DefaultVideoRtxPayloadType,
                LocalMedia.DefaultTransportSequenceExtensionId));
        }

        if (features.Audio)
        {
            slots.Add(new SectionSlot(
                SectionKind.Audio, NextMid(), "audio", MediaSectionWriter.RtpProtocol, LocalMedia.DefaultAudioPayloadType, LocalMedia.DefaultMidExtensionId,
                TransportExtensionId: LocalMedia.DefaultTransportSequenceExtensionId));
        }

        if (features.DataChannel)
        {
            slots.Add(new SectionSlot(SectionKind.Data, NextMid(), "application", DataProtocol));
        }

        return slots;
    }

    /// <summary>
    /// An offer of <paramref name="layout"/> (the first offer's, or the last exchange's for a re-offer,
    /// which keeps every m-line's place, mid and payload type, RFC 8829 §5.2.2), with <c>a=setup</c>
    /// <paramref name="setup"/> (actpass at first, RFC 8842 §5.2) and trickle ICE (RFC 8840 §4.1.1).
    /// </summary>
    public static SdpSessionDescription Offer(LocalParameters local, LocalMedia media, IReadOnlyList<SectionSlot> layout, SdpSetup setup)
    {
        var sdp = NewSession(local);
        var bundle = new List<string>();
        foreach (var slot in layout)
        {
            var section = slot.Kind switch
            {
                SectionKind.Video => MediaSectionWriter.Video(
                    media, slot.Mid, slot.PayloadType, media.VideoProfile, media.VideoWish.Send, media.VideoWish.Receive, slot.MidExtensionId, slot.RtxPayloadType, slot.TransportExtensionId),
                SectionKind.Audio => MediaSectionWriter.Audio(
                    media, slot.Mid, slot.PayloadType, media.AudioWish.Send, media.AudioWish.Receive, slot.MidExtensionId, slot.TransportExtensionId),
                SectionKind.Data => DataSection(local, slot.Mid, slot.Protocol),
                _ => Rejected(slot.Media, slot.Protocol, slot.Mid, null),
            };
            AddSection(sdp, bundle, section, local, setup);
        }

        AddMediaSessionAttributes(sdp, media, bundle);
        return sdp;
    }

    /// <summary>
    /// RFC 8829 §5.3.1: one section per offered section, in order, with the offer's mids. The first
    /// acceptable video, audio and data sections are accepted with <paramref name="setup"/> (active
    /// unless an earlier exchange fixed our role); every other section, and any of a part that is off,
    /// is rejected with port 0 and left out of the BUNDLE group (RFC 9143 §7.3.3) — except the offerer-tagged
    /// section (the first mid of the offer's BUNDLE group), which stays in the group, inactive, when its
    /// media is off here (see <see cref="KeepTagged"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing in the offer can be accepted.</exception>
    public static SdpSessionDescription Answer(LocalParameters local, LocalMedia media, RemoteParameters remote, SdpSetup setup)
    {
        var sdp = NewSession(local);
        var bundle = new List<string>();
        var tagged = remote.Sdp.BundleGroup is { Mids.Count: > 0 } group ? group.Mids[0] : null;
        bool video = false, audio = false, data = false;
        for (var i = 0; i < remote.Sdp.Media.Count; i++)
        {
            var offered = remote.Sdp.Media[i];
            var mid = offered.Mid ?? i.ToString(CultureInfo.InvariantCulture);
            SdpMediaDescription? section = null;
            if (offered.IsRejected)
            {
                section = null;
            }
            else if (!data && media.Features.DataChannel && RemoteParameters.IsDataSection(offered))
            {
                (section, data) = (DataSection(local, mid, RemoteParameters.IsLegacyDataSection(offered) ? LegacyDataProtocol : DataProtocol), true);
            }
            else if (!video && media.Features.Video && MediaPlan.IsRtp(offered, "video"))
            {
                section = AnswerVideo(media, remote.Sdp, offered, mid);
                video = section is not null;
            }
            else if (!audio && media.Features.Audio && MediaPlan.IsRtp(offered, "audio"))
            {
                section = AnswerAudio(media, remote.Sdp, offered, mid);
                audio = section is not null;
            }

            if (section is null && !offered.IsRejected && mid == tagged)
            {
                section = KeepTagged(media, remote.Sdp, offered, mid);
            }

            AddSection(sdp, bundle, section ?? Rejected(offered.Media, offered.Protocol, mid, offered.Formats.Count > 0 ? offered.Formats[0] : null), local, setup);
        }

        if (!video && !audio && !data)
        {
            throw new InvalidOperationException("Nothing in the offer can be accepted with this connection's RtcFeatures.");
        }

        if (remote.Sdp.BundleGroup is null)
        {
            sdp.Groups.Clear();
        }

        AddMediaSessionAttributes(sdp, media, bundle);
        return sdp;
    }

    /// <summary>
    /// RFC 8843 §7.3.3: the answerer cannot reject the offerer-tagged m= section on its own (only the
    /// whole BUNDLE group with it), and the offerer's transport hangs on that section; so one whose media
    /// is off here is accepted inactive (RFC 3264 §6.1; our wishes for a part that is off are neither
    /// send nor receive), as libwebrtc answers it. Null when its codecs leave nothing to accept: then the
    /// section is rejected as before.
    /// </summary>
    private static SdpMediaDescription? KeepTagged(LocalMedia media, SdpSessionDescription offer, SdpMediaDescription offered, string mid) =>
        MediaPlan.IsRtp(offered, "video") ? AnswerVideo(media, offer, offered, mid)
        : MediaPlan.IsRtp(offered, "audio") ? AnswerAudio(media, offer, offered, mid)
        : null;

    private static SdpMediaDescription? AnswerVideo(LocalMedia media, SdpSessionDescription offer, SdpMediaDescription offered, string mid)
    {
        if (CodecSelection.ChooseH264(offered, media.VideoProfile) is not var (payload, profile))
        {
            return null;
        }

        // RFC 3264 §6.1: we send only what the offerer receives, receive only what it sends.
        var (maySend, mayReceive) = MediaPlan.FromWriter(offer.GetDirection(offered), weWrote: false);
        var send = media.VideoWish.Send && maySend;
        var receive = media.VideoWish.Receive && mayReceive;

        // RFC 6184 §8.2.2: keep the offered profile; with level-asymmetry-allowed our level is ours.
        var answered = new SdpH264ProfileLevelId(profile.ProfileIdc, profile.ProfileIop, media.VideoProfile.LevelIdc);
        var rtx = CodecSelection.ChooseRtx(offered, payload.PayloadType);
        return MediaSectionWriter.Video(
            media, mid, (byte)payload.PayloadType, answered, send, receive, OfferedMidExtension(offered), (byte?)rtx?.PayloadType, OfferedTransportExtension(offered, payload));
    }

    private static SdpMediaDescription? AnswerAudio(LocalMedia media, SdpSessionDescription offer, SdpMediaDescription offered, string mid)
    {
        if (CodecSelection.ChooseOpus(offered) is not { } payload)
        {
            return null;
        }

        var (maySend, mayReceive) = MediaPlan.FromWriter(offer.GetDirection(offered), weWrote: false);
        return MediaSectionWriter.Audio(
            media, mid, (byte)payload.PayloadType, media.AudioWish.Send && maySend, media.AudioWish.Receive && mayReceive, OfferedMidExtension(offered),
            OfferedTransportExtension(offered, payload));
    }

    /// <summary>RFC 8285 §7: an answer may take an offered extension with the offer's id.</summary>
    private static int OfferedMidExtension(SdpMediaDescription offered) =>
        offered.Extmaps.Find(e => e.Uri == RtpHeaderExtensionUris.Mid && e.Id is >= 1 and <= 14)?.Id ?? 0;

    /// <summary>
    /// The offered transport-wide sequence number id when the offer also asks for <c>transport-cc</c>
    /// feedback on the chosen payload (draft-holmer-rmcat-transport-wide-cc-extensions-01 §4); else 0.
    /// </summary>
    private static int OfferedTransportExtension(SdpMediaDescription offered, SdpRtpPayload payload) =>
        payload.Feedback.Contains("transport-cc") || offered.WildcardFeedback.Contains("transport-cc") ? MediaPlan.TransportExtension(offered) : 0;
}
