using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.Tests.Sdp;

public sealed class SdpChromiumTests
{
    public static TheoryData<string> Files => new(SdpTestData.All);

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_ChromiumSdp_SerializesBackIdentically(string file)
    {
        string text = SdpTestData.Load(file);

        Assert.True(SdpSessionDescription.TryParse(text, out var description, out string? error), error);

        Assert.Equal(text, description.ToString());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_ParseSerializeParse_ModelsEqual(string file)
    {
        Assert.True(SdpSessionDescription.TryParse(SdpTestData.Load(file), out var first, out _));

        Assert.True(SdpSessionDescription.TryParse(first.ToString(), out var second, out string? error), error);

        // A deep, structural comparison of every public property of both models.
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first), System.Text.Json.JsonSerializer.Serialize(second));
        Assert.Equal(first.Media.Sum(m => m.Payloads.Count), second.Media.Sum(m => m.Payloads.Count));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void TryParse_ChromiumSdpWithLfOnly_SameAsCrlf(string file)
    {
        string text = SdpTestData.Load(file);

        Assert.True(SdpSessionDescription.TryParse(text.Replace("\r\n", "\n", StringComparison.Ordinal), out var description, out string? error), error);

        Assert.Equal(text, description.ToString());
    }

    [Fact]
    public void TryParse_AudioVideoDataOffer_ReadsEverySection()
    {
        Assert.True(SdpSessionDescription.TryParse(SdpTestData.Load(SdpTestData.AvDataChannelOffer), out var offer, out _));

        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
        Assert.True(offer.ExtmapAllowMixed);
        Assert.Equal("WMS", offer.MsidSemantic!.Semantic);
        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Media));

        SdpMediaDescription audio = offer.Media[0];
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpSetup.ActPass, audio.Setup);
        Assert.Equal("O1jl", audio.IceUfrag);
        Assert.Equal("BhlZY7+TNwz1NN0cU26OGMIc", audio.IcePwd);
        Assert.Equal("trickle", audio.IceOptions);
        Assert.Equal("sha-256", Assert.Single(audio.Fingerprints).HashFunction);
        Assert.Equal(4, audio.Candidates.Count);
        Assert.StartsWith("2967751578 1 udp 2122194687 ", audio.Candidates[0], StringComparison.Ordinal);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal(4, audio.Extmaps.Single(e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:mid").Id);
        SdpRtpPayload opus = Assert.Single(audio.FindPayloads("opus"));
        Assert.Equal((111, 48000, 2), (opus.PayloadType, opus.ClockRate, opus.Channels!.Value));
        Assert.Equal("1", opus.ParseParameters()["useinbandfec"]);
        Assert.Equal(["transport-cc"], opus.Feedback);
        Assert.Equal(new SdpAttribute("rtcp-xr", "rcvr-rtt=all"), Assert.Single(audio.Attributes));
        Assert.Equal("OVPNjGXIAhNyWGaJ", audio.Cname);
        Assert.Equal("9e539b09-360a-4009-8881-d9317e4266ba", Assert.Single(audio.Msids).StreamId);

        SdpMediaDescription video = offer.Media[1];
        SdpSsrcGroup fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([136984557u, 1324823470u], fid.Ssrcs);
        Assert.Contains(video.FindPayloads("H264"), p => p.ParseParameters().GetValueOrDefault("profile-level-id") == "42e01f");
        Assert.Contains(video.Payloads, p => p.EncodingName == "rtx" && p.ParseParameters().ContainsKey("apt"));
        Assert.Equal(video.Formats.Count, video.Payloads.Count);

        SdpMediaDescription data = offer.Media[2];
        Assert.Equal(("UDP/DTLS/SCTP", "webrtc-datachannel"), (data.Protocol, Assert.Single(data.Formats)));
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.Empty(data.Payloads);
    }

    [Fact]
    public void TryParse_AudioVideoDataAnswer_IsActiveWithoutCandidatesOnLaterSections()
    {
        Assert.True(SdpSessionDescription.TryParse(SdpTestData.Load(SdpTestData.AvDataChannelAnswer), out var answer, out _));

        Assert.All(answer.Media, m => Assert.Equal(SdpSetup.Active, answer.GetSetup(m)));
        Assert.Equal(9, answer.Media[1].Port);
        Assert.Equal(SdpConnection.Placeholder, answer.Media[1].Connection);
        Assert.Empty(answer.Media[1].Candidates);
        Assert.Equal("j5cUiT5Rlhh7InaP", answer.Media[0].Cname);
    }

    [Fact]
    public void TryParse_RecvOnlyVideoOffer_VideoRecvOnlyWithoutMsid()
    {
        Assert.True(SdpSessionDescription.TryParse(SdpTestData.Load(SdpTestData.RecvOnlyVideoOffer), out var offer, out _));

        SdpMediaDescription video = offer.Media.Single(m => m.Media == "video");
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Empty(video.Msids);
        Assert.Empty(video.Ssrcs);
        Assert.Equal(SdpDirection.SendRecv, offer.GetDirection(offer.Media.Single(m => m.Media == "audio")));
    }

    [Fact]
    public void TryParse_DataChannelOnly_OneApplicationSection()
    {
        Assert.True(SdpSessionDescription.TryParse(SdpTestData.Load(SdpTestData.DataChannelOffer), out var offer, out _));

        SdpMediaDescription data = Assert.Single(offer.Media);
        Assert.Equal("application", data.Media);
        Assert.Equal("0", data.Mid);
        Assert.Equal(["0"], offer.BundleGroup!.Mids);
        Assert.Empty(offer.MsidSemantic!.Identifiers);
        Assert.Equal("sha-256 84:79:84:86:A3:C8:DC:72:76:1F:C6:C3:39:C2:E9:C5:29:C1:09:C8:70:DF:FC:5C:1C:4B:E8:E3:7A:39:DF:29",
            Assert.Single(offer.GetFingerprints(data)).ToString());
    }
}
