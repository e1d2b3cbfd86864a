using System.Globalization;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>Writes our audio and video m-sections (RFC 8829 §5.2.1 / §5.3.1, RFC 6184 §8.2, RFC 7587 §7).</summary>
internal static class MediaSectionWriter
{
    /// <summary>RFC 5764 §8: the WebRTC RTP profile.</summary>
    public const string RtpProtocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>
    /// An H.264 section with one payload type, <paramref name="profile"/> what its fmtp announces, and
    /// its RFC 4588 retransmission payload type when <paramref name="rtxPayloadType"/> is set.
    /// </summary>
    public static SdpMediaDescription Video(
        LocalMedia media, string mid, byte payloadType, SdpH264ProfileLevelId profile, bool send, bool receive, int midExtensionId, byte? rtxPayloadType,
        int transportExtensionId)
    {
        var section = NewSection("video", mid, payloadType, send, receive, midExtensionId, transportExtensionId);
        var payload = section.GetOrAddPayload(payloadType);
        payload.EncodingName = "H264";
        payload.ClockRate = 90_000;

        // RFC 6184 §8.1: packetization-mode 1 (single NAL / STAP-A / FU-A); level-asymmetry-allowed
        // (RFC 6184 §8.2.2) lets each direction keep its own level.
        payload.Parameters = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + profile;

        // RFC 4585 §4.2 generic NACK and PLI, RFC 5104 §7.1 FIR.
        payload.Feedback.AddRange(["nack", "nack pli", "ccm fir"]);
        AddTransportFeedback(payload, transportExtensionId);
        if (rtxPayloadType is { } rtx)
        {
            // RFC 4588 §8.6: rtx/<clock rate of the original> with apt naming the payload type it repairs.
            section.Formats.Add(rtx.ToString(CultureInfo.InvariantCulture));
            var repair = section.GetOrAddPayload(rtx);
            repair.EncodingName = "rtx";
            repair.ClockRate = 90_000;
            repair.Parameters = "apt=" + payloadType.ToString(CultureInfo.InvariantCulture);
        }

        if (send)
        {
            AddSource(section, media, media.VideoSsrc, media.VideoTrackId);
            if (rtxPayloadType is not null)
            {
                // RFC 5576 §4.2 / RFC 4588 §8.7: the FID group pairs the media SSRC with its retransmission SSRC.
                section.SsrcGroups.Add(new SdpSsrcGroup("FID", [media.VideoSsrc, media.VideoRtxSsrc]));
                AddSsrcLines(section, media, media.VideoRtxSsrc, media.VideoTrackId);
            }
        }

        return section;
    }

    /// <summary>An Opus section with one payload type (RFC 7587 §7: always <c>opus/48000/2</c>).</summary>
    public static SdpMediaDescription Audio(
        LocalMedia media, string mid, byte payloadType, bool send, bool receive, int midExtensionId, int transportExtensionId)
    {
        var section = NewSection("audio", mid, payloadType, send, receive, midExtensionId, transportExtensionId);
        var payload = section.GetOrAddPayload(payloadType);
        payload.EncodingName = "opus";
        payload.ClockRate = 48_000;
        payload.Channels = 2;

        // RFC 7587 §6.1: our real rate travels as maxplaybackrate / sprop-maxcapturerate.
        var rate = media.Features.AudioSampleRate.ToString(CultureInfo.InvariantCulture);
        payload.Parameters = $"minptime=10;useinbandfec=1;maxplaybackrate={rate};sprop-maxcapturerate={rate}";
        AddTransportFeedback(payload, transportExtensionId);
        if (send)
        {
            AddSource(section, media, media.AudioSsrc, media.AudioTrackId);
        }

        return section;
    }

    private static SdpMediaDescription NewSection(string kind, string mid, byte payloadType, bool send, bool receive, int midExtensionId, int transportExtensionId)
    {
        var section = new SdpMediaDescription
        {
            Media = kind,
            Port = 9,
            Protocol = RtpProtocol,
            Connection = SdpConnection.Placeholder,
            Rtcp = "9 IN IP4 0.0.0.0",
            Mid = mid,
            Direction = MediaPlan.ToDirection(send, receive),

            // RFC 8829 §5.2.1: rtcp-mux and rtcp-rsize are always offered (RFC 5761, RFC 5506).
            RtcpMux = true,
            RtcpReducedSize = true,
        };
        section.Formats.Add(payloadType.ToString(CultureInfo.InvariantCulture));
        if (midExtensionId != 0)
        {
            section.Extmaps.Add(new SdpExtmap(midExtensionId, RtpHeaderExtensionUris.Mid));
        }

        if (transportExtensionId != 0)
        {
            section.Extmaps.Add(new SdpExtmap(transportExtensionId, RtpHeaderExtensionUris.TransportSequenceNumber));
        }

        return section;
    }

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §4: <c>a=rtcp-fb:&lt;pt&gt; transport-cc</c> with the extension.</summary>
    private static void AddTransportFeedback(SdpRtpPayload payload, int transportExtensionId)
    {
        if (transportExtensionId != 0)
        {
            payload.Feedback.Add("transport-cc");
        }
    }

    /// <summary>RFC 8830 §2 msid and RFC 5576 §4.1 ssrc/cname: one stream id and one CNAME for both tracks.</summary>
    private static void AddSource(SdpMediaDescription section, LocalMedia media, uint ssrc, string trackId)
    {
        section.Msids.Add(new SdpMsid(media.StreamId, trackId));
        AddSsrcLines(section, media, ssrc, trackId);
    }

    private static void AddSsrcLines(SdpMediaDescription section, LocalMedia media, uint ssrc, string trackId)
    {
        section.Ssrcs.Add(new SdpSsrc(ssrc, "cname", media.Cname));
        section.Ssrcs.Add(new SdpSsrc(ssrc, "msid", media.StreamId + " " + trackId));
    }
}
