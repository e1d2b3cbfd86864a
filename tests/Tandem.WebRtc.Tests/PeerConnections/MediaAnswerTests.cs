using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Sdp;
using Tandem.WebRtc.Tests.Sdp;
using static Tandem.WebRtc.Tests.PeerConnections.MediaOfferTests;

namespace Tandem.WebRtc.Tests.PeerConnections;

public sealed class MediaAnswerTests
{
    public static TheoryData<bool, bool, bool, bool, bool, bool> Pairs()
    {
        var data = new TheoryData<bool, bool, bool, bool, bool, bool>();
        for (var offered = 1; offered < 8; offered++)
        {
            for (var answering = 1; answering < 8; answering++)
            {
                data.Add((offered & 1) != 0, (offered & 2) != 0, (offered & 4) != 0, (answering & 1) != 0, (answering & 2) != 0, (answering & 4) != 0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Answer_DeviceOfferToApp_EachCombinationAcceptsExactlyTheCommonParts(bool v1, bool a1, bool d1, bool v2, bool a2, bool d2)
    {
        var offer = Offer(MediaOf(new RtcFeatures { Video = v1, Audio = a1, DataChannel = d1 }, RtcEndpoint.Device));
        Assert.True(RemoteParameters.TryCreate(offer.ToString(), out var remote, out var error), error);
        var app = MediaOf(new RtcFeatures { Video = v2, Audio = a2, DataChannel = d2 }, RtcEndpoint.App);
        if (!(v1 && v2) && !(a1 && a2) && !(d1 && d2))
        {
            Assert.Throws<InvalidOperationException>(() => LocalDescriptionBuilder.Answer(Local, app, remote, SdpSetup.Active));
            return;
        }

        var answer = Reparse(LocalDescriptionBuilder.Answer(Local, app, remote, SdpSetup.Active));
        var atDevice = MediaPlan.FromAnswer(answer, weAnswered: false).ToNegotiated();
        var atApp = MediaPlan.FromAnswer(answer, weAnswered: true).ToNegotiated();

        Assert.Equal(offer.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.Equal(offer.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        Assert.Equal(answer.Media.Where(m => !m.IsRejected).Select(m => m.Mid!), answer.BundleGroup!.Mids);
        Assert.Equal(new RtcNegotiatedMedia(v1 && v2, false, a1 && a2, a1 && a2, d1 && d2), atDevice);
        Assert.Equal(new RtcNegotiatedMedia(false, v1 && v2, a1 && a2, a1 && a2, d1 && d2), atApp);
    }

    [Theory]
    [InlineData(RtcEndpoint.App, nameof(SdpDirection.RecvOnly))]
    [InlineData(RtcEndpoint.Device, nameof(SdpDirection.SendOnly))]
    public void Answer_ChromiumOffer_TakesOfferedPayloadTypesAndConstrainedBaseline(RtcEndpoint endpoint, string videoDirectionName)
    {
        var videoDirection = Enum.Parse<SdpDirection>(videoDirectionName);
        var answer = AnswerTo(SdpTestData.Load(SdpTestData.AvDataChannelOffer), new RtcFeatures(), endpoint);
        var (audio, video, data) = (answer.Media[0], answer.Media[1], answer.Media[2]);

        Assert.Equal(["111"], audio.Formats);
        Assert.Equal("opus/48000/2", audio.FindPayload(111)!.RtpMap);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal(["108", "109"], video.Formats);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.FindPayload(108)!.Parameters);
        Assert.Equal("rtx/90000", video.FindPayload(109)!.RtpMap);
        Assert.Equal("apt=108", video.FindPayload(109)!.Parameters);
        Assert.Equal(videoDirection, video.Direction);
        Assert.Equal(4, Assert.Single(video.Extmaps, e => e.Uri == Tandem.WebRtc.Rtp.RtpHeaderExtensionUris.Mid).Id);

        // Chromium offers transport-cc with id 3: the answer takes it on both sections.
        Assert.Equal(3, Assert.Single(video.Extmaps, e => e.Uri == Tandem.WebRtc.Rtp.RtpHeaderExtensionUris.TransportSequenceNumber).Id);
        Assert.Contains("transport-cc", video.FindPayload(108)!.Feedback);
        Assert.Contains("transport-cc", audio.FindPayload(111)!.Feedback);
        Assert.False(data.IsRejected);
        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        Assert.All(answer.Media, m => Assert.Equal(SdpSetup.Active, m.Setup));
    }

    [Fact]
    public void Answer_RenumberedPayloadTypes_UsesTheOffersNumbers()
    {
        var text = SdpTestData.Load(SdpTestData.AvDataChannelOffer)
            .Replace(" 111 63 ", " 109 63 ", StringComparison.Ordinal).Replace(":111 ", ":109 ", StringComparison.Ordinal)
            .Replace(" 108 109 ", " 125 126 ", StringComparison.Ordinal).Replace(":108 ", ":125 ", StringComparison.Ordinal);

        var answer = AnswerTo(text, new RtcFeatures(), RtcEndpoint.App);
        var atApp = MediaPlan.FromAnswer(answer, weAnswered: true);

        Assert.Equal(["109"], answer.Media[0].Formats);
        Assert.Equal(["125"], answer.Media[1].Formats);
        Assert.Equal((byte)109, atApp.Audio!.PayloadType);
        Assert.Equal((byte)125, atApp.Video!.PayloadType);
        Assert.True(atApp.Video.Nack);
        Assert.True(atApp.Video.Pli);
        Assert.Equal(4, atApp.Video.MidExtensionId);
    }

    [Theory]
    [InlineData("42001f", "42e01f", true)]
    [InlineData("42e01f", "42001f", false)]
    [InlineData("4d001f", "42e01f", false)]
    [InlineData("42e00a", "42e034", true)]
    [InlineData("640c1f", "42e01f", false)]
    public void Answer_SinglePacketizationMode1Profile_AcceptedOnlyIfProfileFits(string offered, string ours, bool accepted)
    {
        var text = OnlyH264(offered, packetizationMode: 1);

        var answer = AnswerTo(text, new RtcFeatures(), RtcEndpoint.Device, ours);
        var video = answer.Media[1];

        Assert.Equal(!accepted, video.IsRejected);
        Assert.Equal(accepted, answer.BundleGroup!.Mids.Contains("1"));
        if (accepted)
        {
            var profile = SdpH264ProfileLevelId.TryFromFmtp(video.Payloads[0], out var p) ? p : default;
            Assert.Equal(offered[..4], profile.ToString()[..4]);
            Assert.Equal(ours[4..], profile.ToString()[4..]);
        }
    }

    [Fact]
    public void Answer_OnlyPacketizationMode0_RejectsVideo() =>
        Assert.True(AnswerTo(OnlyH264("42e01f", packetizationMode: 0), new RtcFeatures(), RtcEndpoint.Device).Media[1].IsRejected);

    [Theory]
    [InlineData(RtcEndpoint.Device, "recvonly", nameof(SdpDirection.SendOnly))]
    [InlineData(RtcEndpoint.Device, "sendonly", nameof(SdpDirection.Inactive))]
    [InlineData(RtcEndpoint.App, "sendonly", nameof(SdpDirection.RecvOnly))]
    [InlineData(RtcEndpoint.App, "recvonly", nameof(SdpDirection.Inactive))]
    [InlineData(RtcEndpoint.App, "inactive", nameof(SdpDirection.Inactive))]
    public void Answer_OfferedVideoDirection_IntersectedWithOurs(RtcEndpoint endpoint, string offered, string expectedName)
    {
        var expected = Enum.Parse<SdpDirection>(expectedName);
        var text = ReplaceInSection(SdpTestData.Load(SdpTestData.AvDataChannelOffer), "m=video", "a=sendrecv", "a=" + offered);

        var answer = AnswerTo(text, new RtcFeatures(), endpoint);

        Assert.Equal(expected, answer.Media[1].Direction);
        Assert.False(answer.Media[1].IsRejected);
    }

    [Fact]
    public void Answer_AudioSendOnlyOffer_WeOnlyReceive()
    {
        var text = ReplaceInSection(SdpTestData.Load(SdpTestData.AvDataChannelOffer), "m=audio", "a=sendrecv", "a=sendonly");

        var answer = AnswerTo(text, new RtcFeatures(), RtcEndpoint.App);
        var plan = MediaPlan.FromAnswer(answer, weAnswered: true).ToNegotiated();

        Assert.Equal(SdpDirection.RecvOnly, answer.Media[0].Direction);
        Assert.False(plan.SendsAudio);
        Assert.True(plan.ReceivesAudio);
    }

    [Fact]
    public void Answer_DataOffWhenPeerOffersData_RejectsDataSection()
    {
        var answer = AnswerTo(SdpTestData.Load(SdpTestData.AvDataChannelOffer), new RtcFeatures { DataChannel = false }, RtcEndpoint.App);

        Assert.True(answer.Media[2].IsRejected);
        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.False(MediaPlan.FromAnswer(answer, weAnswered: true).ToNegotiated().DataChannel);
    }

    [Fact]
    public void Answer_AudioOnlyFeatures_RejectsVideoAndData()
    {
        var answer = AnswerTo(SdpTestData.Load(SdpTestData.AvDataChannelOffer), new RtcFeatures { Video = false, DataChannel = false }, RtcEndpoint.App);

        Assert.Equal([false, true, true], answer.Media.Select(m => m.IsRejected));
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
        Assert.Equal(0, answer.Media[1].Port);
    }

    [Fact]
    public void Answer_ChromiumRecvOnlyVideoOfferToDevice_VideoFirstAndSendOnly()
    {
        var answer = AnswerTo(SdpTestData.Load(SdpTestData.RecvOnlyVideoOffer), new RtcFeatures(), RtcEndpoint.Device);
        var plan = MediaPlan.FromAnswer(answer, weAnswered: true);

        Assert.Equal("video", answer.Media[0].Media);
        Assert.Equal(SdpDirection.SendOnly, answer.Media[0].Direction);
        Assert.True(plan.Video!.Send);
        Assert.Equal(9, plan.Video.MidExtensionId);
    }

    [Fact]
    public void Answer_OffererTaggedVideoWithVideoOff_StaysBundledInactive()
    {
        // The Chromium /app page's shape offered to a data-only device: video first, so video's mid is
        // the offerer-tagged one; rejecting it left Chromium's ICE without its transport (RFC 8843 §7.3.3).
        var offer = Offer(MediaOf(new RtcFeatures(), RtcEndpoint.App));
        Assert.True(RemoteParameters.TryCreate(offer.ToString(), out var remote, out var error), error);
        var device = MediaOf(new RtcFeatures { Video = false, Audio = false }, RtcEndpoint.Device);

        var answer = Reparse(LocalDescriptionBuilder.Answer(Local, device, remote, SdpSetup.Active));

        Assert.Equal(["video", "audio", "application"], answer.Media.Select(m => m.Media));
        Assert.False(answer.Media[0].IsRejected);
        Assert.Equal(SdpDirection.Inactive, answer.Media[0].Direction);
        Assert.Empty(answer.Media[0].Ssrcs);
        Assert.True(answer.Media[1].IsRejected);
        Assert.Equal([offer.BundleGroup!.Mids[0], answer.Media[2].Mid!], answer.BundleGroup!.Mids);
        Assert.Equal(new RtcNegotiatedMedia(false, false, false, false, true), MediaPlan.FromAnswer(answer, weAnswered: true).ToNegotiated());
        Assert.Equal(new RtcNegotiatedMedia(false, false, false, false, true), MediaPlan.FromAnswer(answer, weAnswered: false).ToNegotiated());
    }

    [Fact]
    public void Answer_ChromiumOfferTaggedVideoToAudioOnlyDevice_VideoInactiveAudioAccepted()
    {
        var answer = AnswerTo(SdpTestData.Load(SdpTestData.RecvOnlyVideoOffer), new RtcFeatures { Video = false, DataChannel = false }, RtcEndpoint.Device);

        Assert.False(answer.Media[0].IsRejected);
        Assert.Equal(SdpDirection.Inactive, answer.Media[0].Direction);
        Assert.Equal(SdpDirection.SendRecv, answer.Media[1].Direction);
        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.Equal(new RtcNegotiatedMedia(false, false, true, true, false), MediaPlan.FromAnswer(answer, weAnswered: true).ToNegotiated());
    }

    [Fact]
    public void Answer_OffererTaggedVideoWithoutH264_StillRejectedAndNothingElseAcceptedThrows()
    {
        var text = ReplaceInSection(SdpTestData.Load(SdpTestData.RecvOnlyVideoOffer), "m=audio", "opus/48000/2", "unknown/48000/2");
        text = text.Replace("H264/90000", "H999/90000", StringComparison.Ordinal);
        Assert.True(RemoteParameters.TryCreate(text, out var remote, out var error), error);

        Assert.Throws<InvalidOperationException>(() =>
            LocalDescriptionBuilder.Answer(Local, MediaOf(new RtcFeatures { DataChannel = false }, RtcEndpoint.Device), remote, SdpSetup.Active));
    }

    private static SdpSessionDescription AnswerTo(string offer, RtcFeatures features, RtcEndpoint endpoint, string profile = "42e01f")
    {
        Assert.True(RemoteParameters.TryCreate(offer, out var remote, out var error), error);
        return Reparse(LocalDescriptionBuilder.Answer(Local, MediaOf(features, endpoint, profile), remote, SdpSetup.Active));
    }

    private static SdpSessionDescription Reparse(SdpSessionDescription sdp)
    {
        Assert.True(SdpSessionDescription.TryParse(sdp.ToString(), out var parsed, out var error), error);
        return parsed;
    }

    /// <summary>The Chromium offer with its video section cut down to one H.264 payload type (102).</summary>
    private static string OnlyH264(string profileLevelId, int packetizationMode)
    {
        Assert.True(SdpSessionDescription.TryParse(SdpTestData.Load(SdpTestData.AvDataChannelOffer), out var sdp, out _));
        var video = sdp.Media[1];
        var kept = video.FindPayload(102)!;
        kept.Parameters = $"level-asymmetry-allowed=1;packetization-mode={packetizationMode};profile-level-id={profileLevelId}";
        video.Payloads.RemoveAll(p => p != kept);
        video.Formats.Clear();
        video.Formats.Add("102");
        return sdp.ToString();
    }

    private static string ReplaceInSection(string sdp, string sectionStart, string from, string to)
    {
        var start = sdp.IndexOf(sectionStart, StringComparison.Ordinal);
        var at = sdp.IndexOf(from, start, StringComparison.Ordinal);
        return string.Concat(sdp.AsSpan(0, at), to, sdp.AsSpan(at + from.Length));
    }

    [Theory]
    [InlineData(RtcEndpoint.Device)]
    [InlineData(RtcEndpoint.App)]
    public void Answer_ChromiumOfferWithRtx_TakesTheRtxOfTheChosenH264AndGroupsItsSsrcWhenSending(RtcEndpoint endpoint)
    {
        var media = MediaOf(new RtcFeatures(), endpoint);
        Assert.True(RemoteParameters.TryCreate(SdpTestData.Load(SdpTestData.AvDataChannelOffer), out var remote, out var error), error);
        var answer = Reparse(LocalDescriptionBuilder.Answer(Local, media, remote, SdpSetup.Active));
        var video = answer.Media[1];

        var plan = MediaPlan.FromAnswer(answer, weAnswered: true).Video!;
        Assert.Equal((byte)108, plan.PayloadType);
        Assert.Equal((byte)109, plan.RtxPayloadType);
        if (endpoint == RtcEndpoint.Device)
        {
            var group = Assert.Single(video.SsrcGroups);
            Assert.Equal("FID", group.Semantics);
            Assert.Equal([media.VideoSsrc, media.VideoRtxSsrc], group.Ssrcs);
            Assert.Contains(video.Ssrcs, s => s.Ssrc == media.VideoRtxSsrc && s.Attribute == "cname" && s.Value == media.Cname);
        }
        else
        {
            Assert.Empty(video.SsrcGroups);
            Assert.Empty(video.Ssrcs);
        }
    }

    [Fact]
    public void Answer_OfferWithoutRtx_AnswersWithoutRtxAndPlansNone()
    {
        var offer = Offer(MediaOf(new RtcFeatures { Audio = false, DataChannel = false }, RtcEndpoint.Device));
        var section = offer.Media[0];
        section.Formats.Remove(LocalMedia.DefaultVideoRtxPayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
        section.Payloads.RemoveAll(p => p.EncodingName == "rtx");
        section.SsrcGroups.Clear();
        Assert.True(RemoteParameters.TryCreate(offer.ToString(), out var remote, out var error), error);

        var answer = Reparse(LocalDescriptionBuilder.Answer(Local, MediaOf(new RtcFeatures { Audio = false, DataChannel = false }, RtcEndpoint.App), remote, SdpSetup.Active));

        Assert.Equal([LocalMedia.DefaultVideoPayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture)], answer.Media[0].Formats);
        Assert.Null(MediaPlan.FromAnswer(answer, weAnswered: false).Video!.RtxPayloadType);
    }

    [Fact]
    public void Answer_ExtmapWithoutTransportCcFeedback_AnswersWithoutTheExtension()
    {
        var offer = Offer(MediaOf(new RtcFeatures { Audio = false, DataChannel = false }, RtcEndpoint.Device));
        offer.Media[0].Payloads.ForEach(p => p.Feedback.Remove("transport-cc"));
        Assert.True(RemoteParameters.TryCreate(offer.ToString(), out var remote, out var error), error);

        var answer = Reparse(LocalDescriptionBuilder.Answer(Local, MediaOf(new RtcFeatures { Audio = false, DataChannel = false }, RtcEndpoint.App), remote, SdpSetup.Active));

        Assert.DoesNotContain(answer.Media[0].Extmaps, e => e.Uri == Tandem.WebRtc.Rtp.RtpHeaderExtensionUris.TransportSequenceNumber);
        Assert.Equal(0, MediaPlan.FromAnswer(answer, weAnswered: false).Video!.TransportExtensionId);
    }
}
