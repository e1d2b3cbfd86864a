namespace Tandem.WebRtc.PeerConnections;

/// <summary>W3C RTCSdpType, limited to what JSEP offer/answer needs (RFC 8829 §4.1.8).</summary>
public enum RtcSdpType
{
    /// <summary><c>"offer"</c>.</summary>
    Offer,

    /// <summary><c>"answer"</c>.</summary>
    Answer,
}

/// <summary>The W3C spellings of <see cref="RtcSdpType"/>.</summary>
public static class RtcSdpTypeText
{
    /// <summary><c>"offer"</c> or <c>"answer"</c>.</summary>
    public static string ToW3C(this RtcSdpType type) => type == RtcSdpType.Offer ? "offer" : "answer";

    /// <summary>Parses <c>"offer"</c> / <c>"answer"</c> (any case); false for anything else.</summary>
    public static bool TryParse(string? text, out RtcSdpType type)
    {
        if (string.Equals(text, "offer", StringComparison.OrdinalIgnoreCase))
        {
            type = RtcSdpType.Offer;
            return true;
        }

        type = RtcSdpType.Answer;
        return string.Equals(text, "answer", StringComparison.OrdinalIgnoreCase);
    }
}
