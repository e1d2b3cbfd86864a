using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.Tests.Sdp;

public sealed class SdpRoundTripTests
{
    // Firefox-style: fingerprint and ice credentials at session level, extra line types, attributes out of canonical order.
    private const string Unordered =
        "v=0\n" +
        "o=mozilla...THIS_IS_SDPARTA-99.0 7049829341249410637 0 IN IP4 0.0.0.0\n" +
        "s=-\n" +
        "i=session info\n" +
        "t=0 0\n" +
        "x=unknown line type\n" +
        "a=fingerprint:sha-256 AA:BB\n" +
        "a=ice-options:trickle\n" +
        "a=msid-semantic:WMS *\n" +
        "a=group:BUNDLE 0\n" +
        "a=sendrecv\n" +
        "a=ice-lite\n" +
        "a=x-session-thing:42\n" +
        "a=x-session-flag\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 120 121\n" +
        "c=IN IP4 0.0.0.0\n" +
        "b=AS:2000\n" +
        "a=ssrc:1111 cname:{abc}\n" +
        "a=fmtp:120 max-fs=12288;max-fr=60\n" +
        "a=recvonly\n" +
        "a=rtcp-fb:* ccm tmmbr\n" +
        "a=rtpmap:121 rtx/90000\n" +
        "a=rtpmap:120 VP8/90000\n" +
        "a=fmtp:121 apt=120\n" +
        "a=rtcp-fb:120 nack\n" +
        "a=mid:0\n" +
        "a=extmap:3/sendonly urn:ietf:params:rtp-hdrext:sdes:mid extra\n" +
        "a=setup:actpass\n" +
        "a=ice-pwd:pwd\n" +
        "a=ice-ufrag:ufrag\n" +
        "a=end-of-candidates\n" +
        "a=candidate:0 1 UDP 2122252543 10.77.0.1 50000 typ host\n" +
        "a=rtcp-mux\n" +
        "a=rtcp-mux-only\n" +
        "a=ssrc-group:FID 1111 2222\n" +
        "a=ssrc:2222 cname:{abc}\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\n" +
        "a=some-flag\n";

    private const string Canonical =
        "v=0\r\n" +
        "o=mozilla...THIS_IS_SDPARTA-99.0 7049829341249410637 0 IN IP4 0.0.0.0\r\n" +
        "s=-\r\n" +
        "i=session info\r\n" +
        "t=0 0\r\n" +
        "x=unknown line type\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "a=x-session-thing:42\r\n" +
        "a=x-session-flag\r\n" +
        "a=msid-semantic: WMS *\r\n" +
        "a=ice-lite\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 AA:BB\r\n" +
        "a=sendrecv\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 120 121\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "b=AS:2000\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=candidate:0 1 UDP 2122252543 10.77.0.1 50000 typ host\r\n" +
        "a=end-of-candidates\r\n" +
        "a=ice-ufrag:ufrag\r\n" +
        "a=ice-pwd:pwd\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:3/sendonly urn:ietf:params:rtp-hdrext:sdes:mid extra\r\n" +
        "a=recvonly\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-mux-only\r\n" +
        "a=some-flag\r\n" +
        "a=rtcp-fb:* ccm tmmbr\r\n" +
        "a=rtpmap:120 VP8/90000\r\n" +
        "a=rtcp-fb:120 nack\r\n" +
        "a=fmtp:120 max-fs=12288;max-fr=60\r\n" +
        "a=rtpmap:121 rtx/90000\r\n" +
        "a=fmtp:121 apt=120\r\n" +
        "a=ssrc-group:FID 1111 2222\r\n" +
        "a=ssrc:1111 cname:{abc}\r\n" +
        "a=ssrc:2222 cname:{abc}\r\n";

    [Fact]
    public void ToString_UnorderedInput_WritesCanonicalOrderWithCrlf()
    {
        Assert.True(SdpSessionDescription.TryParse(Unordered, out var description, out string? error), error);

        Assert.Equal(Canonical, description.ToString());
    }

    [Fact]
    public void TryParse_CanonicalOutput_IsAFixedPoint()
    {
        Assert.True(SdpSessionDescription.TryParse(Canonical, out var description, out string? error), error);

        Assert.Equal(Canonical, description.ToString());
    }

    [Fact]
    public void TryParse_SessionLevelTransportAttributes_InheritedBySections()
    {
        Assert.True(SdpSessionDescription.TryParse(Unordered, out var description, out _));
        SdpMediaDescription video = Assert.Single(description.Media);

        Assert.Null(video.Fingerprints.FirstOrDefault());
        Assert.Equal("sha-256 AA:BB", Assert.Single(description.GetFingerprints(video)).ToString());
        Assert.Equal("ufrag", description.GetIceUfrag(video));
        Assert.Equal(SdpDirection.RecvOnly, description.GetDirection(video));
        Assert.True(description.IceLite);
        Assert.Equal(["*"], description.MsidSemantic!.Identifiers);
        Assert.Equal([new SdpAttribute("x-session-thing", "42"), new SdpAttribute("x-session-flag", null)], description.Attributes);
        Assert.Equal(new SdpLine('x', "unknown line type"), description.Lines.Single(l => l.Type == 'x'));
    }

    [Fact]
    public void TryParse_SsrcOnRecvOnlySection_Kept()
    {
        Assert.True(SdpSessionDescription.TryParse(Unordered, out var description, out _));
        SdpMediaDescription video = Assert.Single(description.Media);

        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal([1111u, 2222u], video.Ssrcs.Select(s => s.Ssrc));
        Assert.Equal("{abc}", video.Cname);
        Assert.Equal(["ccm tmmbr"], video.WildcardFeedback);
        Assert.Equal(new SdpExtmap(3, "urn:ietf:params:rtp-hdrext:sdes:mid", "sendonly", "extra"), Assert.Single(video.Extmaps));
        Assert.True(video.EndOfCandidates);
        Assert.True(video.RtcpMuxOnly);
    }

    [Fact]
    public void ToString_BuiltInCode_ParsesBackToSameModel()
    {
        var session = new SdpSessionDescription { Origin = SdpOrigin.Create("4611731400430051336") };
        session.Groups.Add(new SdpGroup("BUNDLE", ["0", "1"]));
        session.MsidSemantic = new SdpMsidSemantic("WMS", ["stream"]);
        var audio = new SdpMediaDescription { Media = "audio", Connection = SdpConnection.Placeholder, Mid = "0", Setup = SdpSetup.Active };
        audio.Formats.Add("111");
        audio.Fingerprints.Add(new SdpFingerprint("sha-256", "AB:CD"));
        audio.Direction = SdpDirection.SendOnly;
        audio.RtcpMux = true;
        SdpRtpPayload opus = audio.GetOrAddPayload(111);
        (opus.EncodingName, opus.ClockRate, opus.Channels, opus.Parameters) = ("opus", 48000, 2, "minptime=10;useinbandfec=1");
        audio.Msids.Add(new SdpMsid("stream", "track"));
        audio.Ssrcs.Add(new SdpSsrc(42, "cname", "me"));
        var data = new SdpMediaDescription { Media = "application", Protocol = "UDP/DTLS/SCTP", Mid = "1", SctpPort = 5000, MaxMessageSize = 262144 };
        data.Formats.Add("webrtc-datachannel");
        session.Media.AddRange([audio, data]);

        string text = session.ToString();
        Assert.True(SdpSessionDescription.TryParse(text, out var parsed, out string? error), error);

        Assert.Equal(text, parsed.ToString());
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n", text, StringComparison.Ordinal);
        Assert.Equal("opus/48000/2", parsed.Media[0].FindPayload(111)!.RtpMap);
        Assert.Equal(SdpDirection.SendOnly, parsed.Media[0].Direction);
        Assert.Equal(5000, parsed.FindMedia("1")!.SctpPort);
        Assert.Equal(SdpSetup.Active, parsed.GetSetup(parsed.Media[0]));
    }

    [Fact]
    public void TryParse_DuplicateCandidatesAndBlankLines_Tolerated()
    {
        const string Text = "v=0\r\n\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=end-of-candidates\r\na=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\na=candidate:1 1 udp 1 10.0.0.1 9 typ host\r\n";

        Assert.True(SdpSessionDescription.TryParse(Text, out var description, out string? error), error);

        SdpMediaDescription media = Assert.Single(description.Media);
        Assert.Equal(2, media.Candidates.Count);
        Assert.True(media.EndOfCandidates);
        Assert.Null(media.Direction);
        Assert.Equal(SdpDirection.SendRecv, media.EffectiveDirection);
    }

    [Fact]
    public void TryParse_PortZeroAndPortCount_RejectedSectionRoundTrips()
    {
        const string Text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\nm=audio 49170/2 RTP/AVP 0\r\n";

        Assert.True(SdpSessionDescription.TryParse(Text, out var description, out string? error), error);

        Assert.True(description.Media[0].IsRejected);
        Assert.False(description.Media[1].IsRejected);
        Assert.Equal(2, description.Media[1].PortCount);
        Assert.Equal(Text, description.ToString());
    }
}
