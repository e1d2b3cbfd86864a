using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Sdp;
using Tandem.WebRtc.Tests.Sdp;

namespace Tandem.WebRtc.Tests.PeerConnections;

public sealed class MediaOfferTests
{
    internal static readonly LocalParameters Local = new(
        "123456789", 3, new IceCredentials("ufrg", "passwordpasswordpassword"), DtlsCertificate.Default.Fingerprint, 5000, 262144);

    /// <summary>Every non-empty combination of the three features.</summary>
    public static TheoryData<bool, bool, bool> Combinations()
    {
        var data = new TheoryData<bool, bool, bool>();
        for (var bits = 1; bits < 8; bits++)
        {
            data.Add((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0);
        }

        return data;
    }

    internal static LocalMedia MediaOf(RtcFeatures features, RtcEndpoint endpoint = RtcEndpoint.Device, string profile = "42e01f") =>
        LocalMedia.From(new PeerConnectionOptions { Features = features, Endpoint = endpoint, Cname = "cn", VideoProfileLevelId = profile });

    internal static SdpSessionDescription Offer(LocalMedia media)
    {
        var text = LocalDescriptionBuilder.Offer(Local, media, LocalDescriptionBuilder.InitialLayout(media.Features), SdpSetup.ActPass).ToString();
        Assert.True(SdpSessionDescription.TryParse(text, out var sdp, out var error), error);
        return sdp;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Offer_EachCombination_VideoAudioDataInOrderAllBundled(bool video, bool audio, bool data)
    {
        var sdp = Offer(MediaOf(new RtcFeatures { Video = video, Audio = audio, DataChannel = data }));

        string[] expected = [.. new[] { (video, "video"), (audio, "audio"), (data, "application") }.Where(p => p.Item1).Select(p => p.Item2)];
        Assert.Equal(expected, sdp.Media.Select(m => m.Media));
        Assert.Equal(Enumerable.Range(0, expected.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), sdp.Media.Select(m => m.Mid));
        Assert.Equal(sdp.Media.Select(m => m.Mid!), sdp.BundleGroup!.Mids);
        Assert.All(sdp.Media, m =>
        {
            Assert.Equal(9, m.Port);
            Assert.Equal("ufrg", m.IceUfrag);
            Assert.Equal(SdpSetup.ActPass, m.Setup);
            Assert.Single(m.Fingerprints);
        });
        Assert.Equal(video || audio, sdp.MsidSemantic is not null);
    }

    [Fact]
    public void Constructor_NoFeature_ThrowsArgumentException()
    {
        var options = new PeerConnectionOptions { Features = new RtcFeatures { Video = false, Audio = false, DataChannel = false } };

        var error = Assert.Throws<ArgumentException>(() => new PeerConnection(options));
        Assert.Contains("nothing on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDataChannel_DataChannelOff_ThrowsAndOfferHasNoDataSection()
    {
        await using var pc = new PeerConnection(new PeerConnectionOptions { Features = new RtcFeatures { DataChannel = false } });

        Assert.Throws<InvalidOperationException>(() => pc.CreateDataChannel("tandem"));
        Assert.True(SdpSessionDescription.TryParse(pc.CreateOffer().Sdp, out var offer, out _));
        Assert.Equal(["video", "audio"], offer.Media.Select(m => m.Media));
        Assert.Equal(RtcNegotiatedMedia.None, pc.NegotiatedMedia);
        Assert.Null(pc.MediaTimeline);
        Assert.Null(pc.GetStats().Media);
    }

    [Fact]
    public async Task SendAndRequestKeyframe_BeforeMediaStarted_ReturnFalse()
    {
        await using var pc = new PeerConnection(new PeerConnectionOptions { Features = new RtcFeatures(), Endpoint = RtcEndpoint.Device });

        Assert.False(await pc.SendVideoAsync(new byte[] { 0, 0, 0, 1, 0x65 }, 0));
        Assert.False(await pc.SendAudioAsync(new byte[] { 0xf8 }, 0));
        Assert.False(pc.RequestKeyframe());
    }

    [Fact]
    public void Constructor_MalformedProfileLevelId_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new PeerConnection(new PeerConnectionOptions { Features = new RtcFeatures(), VideoProfileLevelId = "42e0" }));

    [Theory]
    [InlineData(RtcEndpoint.Device, nameof(SdpDirection.SendOnly))]
    [InlineData(RtcEndpoint.App, nameof(SdpDirection.RecvOnly))]
    public void Offer_Video_H264PacketizationMode1WithFeedbackAndEndpointDirection(RtcEndpoint endpoint, string directionName)
    {
        var direction = Enum.Parse<SdpDirection>(directionName);
        var media = MediaOf(new RtcFeatures(), endpoint, "42c01e");
        var video = Offer(media).Media[0];

        var payload = Assert.Single(video.Payloads, p => p.EncodingName != "rtx");
        Assert.Equal(payload.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture), video.Formats[0]);
        Assert.Equal("H264/90000", payload.RtpMap);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42c01e", payload.Parameters);
        Assert.Equal(["nack", "nack pli", "ccm fir", "transport-cc"], payload.Feedback);
        Assert.Equal(direction, video.Direction);
        Assert.True(video.RtcpMux);
        Assert.True(video.RtcpReducedSize);
        Assert.Contains(video.Extmaps, e => e.Uri == RtpHeaderExtensionUris.Mid);
        Assert.Equal(endpoint == RtcEndpoint.Device, video.Ssrcs.Exists(s => s.Ssrc == media.VideoSsrc && s.Attribute == "cname" && s.Value == "cn"));
        Assert.Equal(endpoint == RtcEndpoint.Device, video.Msids.Count == 1);
    }

    [Fact]
    public void Offer_Audio_OpusSendRecvWithOurRateAndSameStreamAndCnameAsVideo()
    {
        var media = MediaOf(new RtcFeatures { AudioSampleRate = 16000 });
        var sdp = Offer(media);
        var (video, audio) = (sdp.Media[0], sdp.Media[1]);

        var payload = Assert.Single(audio.Payloads);
        Assert.Equal("opus/48000/2", payload.RtpMap);
        Assert.Equal("minptime=10;useinbandfec=1;maxplaybackrate=16000;sprop-maxcapturerate=16000", payload.Parameters);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal("cn", audio.Cname);
        Assert.Equal(video.Cname, audio.Cname);
        Assert.Equal(Assert.Single(video.Msids).StreamId, Assert.Single(audio.Msids).StreamId);
        Assert.NotEqual(video.Msids[0].TrackId, audio.Msids[0].TrackId);
        Assert.Equal([media.StreamId], sdp.MsidSemantic!.Identifiers);
        Assert.Contains(audio.Ssrcs, s => s.Ssrc == media.AudioSsrc && s.Attribute == "msid" && s.Value == media.StreamId + " " + media.AudioTrackId);
    }

    [Fact]
    public void Offer_AfterExchange_KeepsNegotiatedLayoutMidsAndPayloadTypes()
    {
        var chromiumOffer = SdpTestData.Load(SdpTestData.AvDataChannelOffer);
        Assert.True(RemoteParameters.TryCreate(chromiumOffer, out var remote, out _));
        var media = MediaOf(new RtcFeatures { Audio = false }, RtcEndpoint.App);
        var answer = LocalDescriptionBuilder.Answer(Local, media, remote, SdpSetup.Active);
        var plan = MediaPlan.FromAnswer(answer, weAnswered: true);

        var reoffer = LocalDescriptionBuilder.Offer(Local, media, plan.Layout, SdpSetup.Active);

        Assert.Equal(["audio", "video", "application"], reoffer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1", "2"], reoffer.Media.Select(m => m.Mid));
        Assert.False(reoffer.Media[0].IsRejected);
        Assert.Equal(SdpDirection.Inactive, reoffer.Media[0].Direction);
        Assert.Equal(["108", "109"], reoffer.Media[1].Formats);
        Assert.Equal("apt=108", reoffer.Media[1].FindPayload(109)!.Parameters);
        Assert.Equal(4, Assert.Single(reoffer.Media[1].Extmaps, e => e.Uri == RtpHeaderExtensionUris.Mid).Id);
        Assert.Equal(3, Assert.Single(reoffer.Media[1].Extmaps, e => e.Uri == RtpHeaderExtensionUris.TransportSequenceNumber).Id);
        Assert.Equal(["0", "1", "2"], reoffer.BundleGroup!.Mids);
        Assert.Equal(SdpSetup.Active, reoffer.Media[1].Setup);
    }

    [Fact]
    public void Offer_DeviceVideo_RtxWithAptAndFidGroupOfBothSsrcs()
    {
        var media = MediaOf(new RtcFeatures { Audio = false, DataChannel = false });
        var video = Offer(media).Media[0];

        Assert.Equal(["102", "103"], video.Formats);
        var rtx = video.FindPayload(LocalMedia.DefaultVideoRtxPayloadType)!;
        Assert.Equal("rtx/90000", rtx.RtpMap);
        Assert.Equal("apt=102", rtx.Parameters);
        var group = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", group.Semantics);
        Assert.Equal([media.VideoSsrc, media.VideoRtxSsrc], group.Ssrcs);
        Assert.Equal(2, video.Ssrcs.Count(s => s.Ssrc == media.VideoRtxSsrc));
        Assert.NotEqual(media.VideoSsrc, media.VideoRtxSsrc);
    }

    [Fact]
    public void Offer_AudioAndVideo_TransportWideNumberExtmapAndTransportCcFeedbackOnBoth()
    {
        var sdp = Offer(MediaOf(new RtcFeatures { DataChannel = false }));

        Assert.All(sdp.Media, section =>
        {
            Assert.Contains(section.Extmaps, e => e.Id == LocalMedia.DefaultTransportSequenceExtensionId && e.Uri == RtpHeaderExtensionUris.TransportSequenceNumber);
            Assert.Contains("transport-cc", section.Payloads.First(p => p.EncodingName != "rtx").Feedback);
        });
        var plan = MediaPlan.FromAnswer(sdp, weAnswered: true);
        Assert.Equal(LocalMedia.DefaultTransportSequenceExtensionId, plan.Video!.TransportExtensionId);
        Assert.Equal(LocalMedia.DefaultTransportSequenceExtensionId, plan.Audio!.TransportExtensionId);
    }
}
