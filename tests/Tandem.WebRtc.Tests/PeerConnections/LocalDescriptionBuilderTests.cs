using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Sdp;
using Tandem.WebRtc.Tests.Sdp;

namespace Tandem.WebRtc.Tests.PeerConnections;

public sealed class LocalDescriptionBuilderTests
{
    private static readonly LocalParameters Local = new(
        "123456789", 3, new IceCredentials("ufrg", "passwordpasswordpassword"), DtlsCertificate.Default.Fingerprint, 5000, 262144);

    private static readonly LocalMedia DataOnly = LocalMedia.From(new PeerConnectionOptions());

    [Fact]
    public void Offer_DataOnly_HasJsepDataSection()
    {
        var text = LocalDescriptionBuilder.Offer(Local, DataOnly, LocalDescriptionBuilder.InitialLayout(RtcFeatures.DataOnly), SdpSetup.ActPass).ToString();

        Assert.True(SdpSessionDescription.TryParse(text, out var sdp, out _));
        var media = Assert.Single(sdp.Media);
        Assert.Equal(["0"], sdp.BundleGroup!.Mids);
        Assert.Equal("application", media.Media);
        Assert.Equal(9, media.Port);
        Assert.Equal("UDP/DTLS/SCTP", media.Protocol);
        Assert.Equal(["webrtc-datachannel"], media.Formats);
        Assert.Equal("ufrg", media.IceUfrag);
        Assert.Equal("passwordpasswordpassword", media.IcePwd);
        Assert.Equal("trickle", media.IceOptions);
        Assert.Equal(SdpSetup.ActPass, media.Setup);
        Assert.Equal("0", media.Mid);
        Assert.Equal(5000, media.SctpPort);
        Assert.Equal(262144, media.MaxMessageSize);
        Assert.Equal(DtlsCertificate.Default.Fingerprint.ToString(), Assert.Single(media.Fingerprints).ToString());
        Assert.Equal("123456789", sdp.Origin.SessionId);
        Assert.Equal(3UL, sdp.Origin.SessionVersion);
        Assert.Contains("a=setup:actpass\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_ChromiumOfferWithAudioVideoData_KeepsTaggedAudioInactiveRejectsVideoBundlesData()
    {
        Assert.True(RemoteParameters.TryCreate(SdpTestData.Load(SdpTestData.AvDataChannelOffer), out var remote, out var error), error);

        var text = LocalDescriptionBuilder.Answer(Local, DataOnly, remote, SdpSetup.Active).ToString();

        Assert.True(SdpSessionDescription.TryParse(text, out var answer, out _));
        Assert.Equal(remote.Sdp.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.Equal(remote.Sdp.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        Assert.Equal(["audio", "video", "application"], answer.Media.Select(m => m.Media));
        Assert.Equal([remote.Sdp.BundleGroup!.Mids[0], remote.DataMid!], answer.BundleGroup!.Mids);
        Assert.Equal([false, true, false], answer.Media.Select(m => m.IsRejected));

        var data = answer.Media[remote.DataIndex];
        Assert.Equal(SdpSetup.Active, data.Setup);
        Assert.Equal("ufrg", data.IceUfrag);
        Assert.All(answer.Media.Where(m => m.Protocol.Contains("RTP", StringComparison.Ordinal)), m => Assert.Equal(SdpDirection.Inactive, m.Direction));
    }

    [Fact]
    public void TryCreate_AiortcOfferWithSctpmapDataSection_FindsDataSectionAndPort()
    {
        Assert.True(RemoteParameters.TryCreate(SdpTestData.Load(SdpTestData.AiortcOffer), out var remote, out var error), error);

        Assert.Equal("2", remote.DataMid);
        Assert.Equal("DTLS/SCTP", remote.DataSection!.Protocol);
        Assert.Equal(new SdpSctpMap(5000, "webrtc-datachannel", 65535), remote.DataSection.SctpMap);
        Assert.Equal(5000, remote.SctpPort);
        Assert.Equal(65536, remote.MaxMessageSize);
    }

    [Fact]
    public void Answer_AiortcOfferWithSctpmapDataSection_AcceptsItInTheSameFormat()
    {
        Assert.True(RemoteParameters.TryCreate(SdpTestData.Load(SdpTestData.AiortcOffer), out var remote, out var error), error);

        var text = LocalDescriptionBuilder.Answer(Local, DataOnly, remote, SdpSetup.Active).ToString();

        Assert.True(SdpSessionDescription.TryParse(text, out var answer, out _));
        var data = answer.Media[2];
        Assert.False(data.IsRejected);
        Assert.Equal(["0", "2"], answer.BundleGroup!.Mids);
        Assert.Contains("m=application 9 DTLS/SCTP 5000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("a=sctpmap:5000 webrtc-datachannel 65535\r\n", text, StringComparison.Ordinal);
        Assert.Null(data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.Equal("ufrg", data.IceUfrag);
        Assert.True(RemoteParameters.IsDataSection(data));
    }

    [Theory]
    [InlineData("a=sctpmap:5000 webrtc-datachannel 65535", "5000", true)]
    [InlineData("a=sctpmap:5000 webrtc-datachannel", "5000", true)]
    [InlineData("a=sctpmap:5001 webrtc-datachannel 1024", "5000", false)]
    [InlineData("a=sctpmap:5000 other-protocol 1024", "5000", false)]
    [InlineData("a=sctpmap:five webrtc-datachannel", "5000", false)]
    public void IsDataSection_SctpmapFormat_OnlyWhenItNamesTheMLinePortAndDataChannels(string sctpmap, string format, bool expected)
    {
        var text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" +
            $"m=application 9 DTLS/SCTP {format}\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n{sctpmap}\r\n";

        Assert.True(SdpSessionDescription.TryParse(text, out var sdp, out var error), error);

        Assert.Equal(expected, RemoteParameters.IsDataSection(sdp.Media[0]));
    }

    [Fact]
    public void Answer_GStreamerMaxBundleOffer_AcceptsBundleOnlySectionsWithPortZero()
    {
        var all = LocalMedia.From(new PeerConnectionOptions { Features = new RtcFeatures(), Endpoint = RtcEndpoint.App });
        Assert.True(RemoteParameters.TryCreate(SdpTestData.Load(SdpTestData.GStreamerOffer), out var remote, out var error), error);

        var text = LocalDescriptionBuilder.Answer(Local, all, remote, SdpSetup.Active).ToString();

        Assert.True(SdpSessionDescription.TryParse(text, out var answer, out _));
        Assert.Equal(["video0", "audio1", "application2"], answer.BundleGroup!.Mids);
        Assert.All(answer.Media, m => Assert.Equal(9, m.Port));
        Assert.All(answer.Media, m => Assert.False(m.BundleOnly));
        Assert.Equal("application2", remote.DataMid);
        Assert.Equal(SdpDirection.SendRecv, answer.Media[1].Direction);
    }

    [Theory]
    [InlineData("a=bundle-only\r\n", false)]
    [InlineData("", true)]
    public void IsRejected_PortZero_UnlessBundleOnly(string bundleOnly, bool rejected)
    {
        var text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n" +
            $"m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n{bundleOnly}a=rtpmap:96 H264/90000\r\n";

        Assert.True(SdpSessionDescription.TryParse(text, out var sdp, out var error), error);

        Assert.Equal(rejected, sdp.Media[1].IsRejected);
        Assert.Equal(!rejected, sdp.Media[1].BundleOnly);
        Assert.Equal(text, sdp.ToString());
    }

    [Fact]
    public void TryCreate_ChromiumDataOffer_TakesCredentialsFingerprintAndSctpParameters()
    {
        var sdp = SdpTestData.Load(SdpTestData.DataChannelOffer);

        Assert.True(RemoteParameters.TryCreate(sdp, out var remote, out _));

        Assert.Equal(SdpSetup.ActPass, remote.Setup);
        Assert.Equal(5000, remote.SctpPort);
        Assert.Equal(262144, remote.MaxMessageSize);
        Assert.Equal("sha-256", Assert.Single(remote.Fingerprints).Algorithm);
        Assert.False(string.IsNullOrEmpty(remote.Credentials.Ufrag));
        Assert.Equal(remote.DataSection!.Mid, remote.DataMid);
    }

    [Theory]
    [InlineData("a=ice-ufrag:", "no a=ice-ufrag")]
    [InlineData("a=fingerprint:", "no valid a=fingerprint")]
    [InlineData("m=application", "no UDP/DTLS/SCTP")]
    public void TryCreate_MissingEssentials_FailsWithReason(string linePrefix, string reason)
    {
        var lines = SdpTestData.Load(SdpTestData.DataChannelOffer).Split("\r\n");
        var kept = linePrefix == "m=application"
            ? lines.Select(l => l.StartsWith(linePrefix, StringComparison.Ordinal) ? l.Replace("webrtc-datachannel", "other", StringComparison.Ordinal) : l)
            : lines.Where(l => !l.StartsWith(linePrefix, StringComparison.Ordinal));

        Assert.False(RemoteParameters.TryCreate(string.Join("\r\n", kept), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v=0\r\n")]
    public void TryCreate_Garbage_ReturnsFalse(string sdp) =>
        Assert.False(RemoteParameters.TryCreate(sdp, out _, out _));

    [Fact]
    public void TryCreate_NoMaxMessageSize_DefaultsTo64KiB()
    {
        var sdp = string.Join("\r\n", SdpTestData.Load(SdpTestData.DataChannelOffer).Split("\r\n")
            .Where(l => !l.StartsWith("a=max-message-size", StringComparison.Ordinal)));

        Assert.True(RemoteParameters.TryCreate(sdp, out var remote, out _));
        Assert.Equal(64 * 1024, remote.MaxMessageSize);
    }
}
