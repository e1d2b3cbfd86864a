using System.Globalization;
using System.Text;

namespace Tandem.Load.Messages;

/// <summary>
/// Realistic signaling payloads (R36/R37 shapes): an offer and an answer of a few kB of SDP with
/// H.264, Opus and a data channel, as a browser writes them, and ~200-byte ICE candidates.
/// The SDP is kept JSON-escaped, ready to copy into a message.
/// </summary>
public static class Payloads
{
    /// <summary>The offer SDP as the JSON string body (without quotes).</summary>
    public static readonly byte[] OfferSdpJson = Escape(BuildSdp("offer"));

    /// <summary>The answer SDP as the JSON string body (without quotes).</summary>
    public static readonly byte[] AnswerSdpJson = Escape(BuildSdp("answer"));

    /// <summary>An ICE candidate line (RFC 8839 §5.1, without <c>a=</c>) for candidate <paramref name="index"/>.</summary>
    public static string Candidate(int index)
    {
        var port = 40000 + (index % 20000);
        var priority = 2122260223 - (index * 256);
        return string.Create(CultureInfo.InvariantCulture,
            $"candidate:{1467250027 + index} 1 udp {priority} 10.77.0.{1 + (index % 250)} {port} typ host generation 0 ufrag 4ZcD network-id 1 network-cost 10");
    }

    private static string BuildSdp(string kind)
    {
        var setup = kind == "offer" ? "actpass" : "active";
        var videoDirection = kind == "offer" ? "sendonly" : "recvonly";
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
            .Append("a=group:BUNDLE 0 1 2\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS tandem\r\n");
        AppendMedia(sdp, "video 9 UDP/TLS/RTP/SAVPF 102 103 104 105 106 107 108 109 127 125", setup, "0", videoDirection);
        sdp.Append("a=extmap:1 urn:ietf:params:rtp-hdrext:toffset\r\n")
            .Append("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n")
            .Append("a=extmap:3 urn:3gpp:video-orientation\r\n")
            .Append("a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n")
            .Append("a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
            .Append("a=msid:tandem video0\r\na=rtcp-rsize\r\n");
        foreach (var (pt, profile) in new[] { (102, "42001f"), (104, "42e01f"), (106, "4d001f"), (108, "64001f") })
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} H264/90000\r\n")
                .Append(CultureInfo.InvariantCulture, $"a=rtcp-fb:{pt} goog-remb\r\na=rtcp-fb:{pt} transport-cc\r\n")
                .Append(CultureInfo.InvariantCulture, $"a=rtcp-fb:{pt} ccm fir\r\na=rtcp-fb:{pt} nack\r\na=rtcp-fb:{pt} nack pli\r\n")
                .Append(CultureInfo.InvariantCulture, $"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profile}\r\n")
                .Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt + 1} rtx/90000\r\na=fmtp:{pt + 1} apt={pt}\r\n");
        }

        sdp.Append("a=ssrc-group:FID 2231627014 632943048\r\n")
            .Append("a=ssrc:2231627014 cname:tandemcname0000\r\na=ssrc:632943048 cname:tandemcname0000\r\n");
        AppendMedia(sdp, "audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", setup, "1", "sendrecv");
        sdp.Append("a=extmap:14 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
            .Append("a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=msid:tandem audio0\r\na=rtcp-mux\r\n")
            .Append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n")
            .Append("a=fmtp:111 minptime=10;maxplaybackrate=16000;sprop-maxcapturerate=16000;useinbandfec=1\r\n")
            .Append("a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n")
            .Append("a=rtpmap:8 PCMA/8000\r\na=rtpmap:13 CN/8000\r\na=rtpmap:110 telephone-event/48000\r\n")
            .Append("a=rtpmap:126 telephone-event/8000\r\na=ssrc:1001245567 cname:tandemcname0000\r\n");
        AppendMedia(sdp, "application 9 UDP/DTLS/SCTP webrtc-datachannel", setup, "2", null);
        sdp.Append("a=sctp-port:5000\r\na=max-message-size:262144\r\n");
        return sdp.ToString();
    }

    private static void AppendMedia(StringBuilder sdp, string mline, string setup, string mid, string? direction)
    {
        sdp.Append("m=").Append(mline).Append("\r\nc=IN IP4 0.0.0.0\r\n");
        if (direction is not null)
        {
            sdp.Append("a=rtcp:9 IN IP4 0.0.0.0\r\n");
        }

        sdp.Append("a=ice-ufrag:4ZcD\r\na=ice-pwd:2/1muCWoOi3uLifh0NuRHlOb\r\na=ice-options:trickle\r\n")
            .Append("a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n")
            .Append("a=setup:").Append(setup).Append("\r\na=mid:").Append(mid).Append("\r\n");
        if (direction is not null)
        {
            sdp.Append("a=").Append(direction).Append("\r\na=rtcp-mux\r\n");
        }
    }

    private static byte[] Escape(string sdp) => Encoding.UTF8.GetBytes(sdp.Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal));
}
