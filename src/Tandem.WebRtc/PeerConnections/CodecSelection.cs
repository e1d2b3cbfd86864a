using System.Globalization;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>Picks the payload type to answer with from an offered section (the offer's numbers, never ours).</summary>
internal static class CodecSelection
{
    /// <summary>
    /// The offered H.264 payload with packetization-mode=1 whose profile fits ours (RFC 6184 §8.2.2:
    /// profile_idc and constraints must match, the level may differ with level-asymmetry-allowed):
    /// the offerer's first with our exact profile, else its first that can carry our stream
    /// (Constrained Baseline inside Baseline). Null when none fits.
    /// </summary>
    public static (SdpRtpPayload Payload, SdpH264ProfileLevelId Profile)? ChooseH264(SdpMediaDescription offered, SdpH264ProfileLevelId ours)
    {
        (SdpRtpPayload, SdpH264ProfileLevelId)? compatible = null;
        foreach (var payload in OfferedInOrder(offered, "H264", 90_000))
        {
            var parameters = payload.ParseParameters();
            if (!parameters.TryGetValue("packetization-mode", out var mode) || mode != "1"
                || !SdpH264ProfileLevelId.TryFromFmtp(payload, out var profile))
            {
                continue;
            }

            if (profile.SameProfile(ours))
            {
                return (payload, profile);
            }

            if (compatible is null && profile.Accepts(ours))
            {
                compatible = (payload, profile);
            }
        }

        return compatible;
    }

    /// <summary>The offerer's first <c>opus/48000/2</c> payload (RFC 7587 §7), or null.</summary>
    public static SdpRtpPayload? ChooseOpus(SdpMediaDescription offered) =>
        OfferedInOrder(offered, "opus", 48_000).FirstOrDefault(p => p.Channels == 2);

    /// <summary>RFC 4588 §8.6: the offered <c>rtx/90000</c> payload whose <c>apt</c> is <paramref name="payloadType"/>, or null.</summary>
    public static SdpRtpPayload? ChooseRtx(SdpMediaDescription offered, int payloadType) =>
        OfferedInOrder(offered, "rtx", 90_000).FirstOrDefault(p => RepairsPayload(p, payloadType));

    /// <summary>Whether <paramref name="rtx"/>'s fmtp says <c>apt=</c><paramref name="payloadType"/>.</summary>
    public static bool RepairsPayload(SdpRtpPayload rtx, int payloadType) =>
        rtx.ParseParameters().TryGetValue("apt", out var apt)
        && int.TryParse(apt, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value == payloadType;

    /// <summary>Payloads of the m-line's format list, in its (preference) order, with the given rtpmap.</summary>
    private static IEnumerable<SdpRtpPayload> OfferedInOrder(SdpMediaDescription offered, string encoding, int clockRate)
    {
        foreach (var format in offered.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt is >= 0 and <= 127
                && offered.FindPayload(pt) is { } payload
                && string.Equals(payload.EncodingName, encoding, StringComparison.OrdinalIgnoreCase) && payload.ClockRate == clockRate)
            {
                yield return payload;
            }
        }
    }
}
