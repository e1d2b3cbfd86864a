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
    public void Answer_ChromiumOfferWithAudioVideoData_RejectsMediaKeepsMidsAndBundlesData()
    {
        Assert.True(RemoteParameters.TryCreate(SdpTestData.Load(SdpTestData.AvDataChannelOffer), out var remote, out var error), error);

        var text = LocalDescriptionBuilder.Answer(Local, DataOnly, remote, SdpSetup.Active).ToString();

        Assert.True(SdpSessionDescription.TryParse(text, out var answer, out _));
        Assert.Equal(remote.Sdp.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.Equal(remote.Sdp.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        Assert.Equal([remote.DataMid!], answer.BundleGroup!.Mids);
        for (var i = 0; i < answer.Media.Count; i++)
        {
            Assert.Equal(i == remote.DataIndex, !answer.Media[i].IsRejected);
        }

        var data = answer.Media[remote.DataIndex];
        Assert.Equal(SdpSetup.Active, data.Setup);
        Assert.Equal("ufrg", data.IceUfrag);
        Assert.All(answer.Media.Where(m => m.IsRejected), m => Assert.Equal(SdpDirection.Inactive, m.Direction));
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
