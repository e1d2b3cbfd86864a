using System.Text.Json;
using Tandem.Client.Sessions;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Tests.Sessions;

public class SignalingPayloadsTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Description_RoundTrip_W3CShape()
    {
        var offer = new RtcSessionDescriptionInit(RtcSdpType.Offer, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n");

        var json = SignalingPayloads.Description(offer);

        Assert.Equal("offer", json.GetProperty("type").GetString());
        Assert.True(SignalingPayloads.TryParseDescription(json, RtcSdpType.Offer, out var parsed));
        Assert.Equal(offer, parsed);
    }

    [Theory]
    [InlineData("""{"type":"answer","sdp":"v=0"}""")]
    [InlineData("""{"type":"offer"}""")]
    [InlineData("""{"type":"offer","sdp":5}""")]
    [InlineData("""{"type":7,"sdp":"v=0"}""")]
    [InlineData("""[]""")]
    public void TryParseDescription_WrongShape_False(string json) =>
        Assert.False(SignalingPayloads.TryParseDescription(Json(json), RtcSdpType.Offer, out _));

    [Fact]
    public void TryParseDescription_TypeMissing_TakesExpected()
    {
        Assert.True(SignalingPayloads.TryParseDescription(Json("""{"sdp":"v=0"}"""), RtcSdpType.Answer, out var parsed));
        Assert.Equal(RtcSdpType.Answer, parsed!.Type);
    }

    [Fact]
    public void Candidate_RoundTrip_KeepsMidIndexAndUfrag()
    {
        var candidate = new RtcIceCandidateInit("candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host", "2", 2, "abcd");

        var json = SignalingPayloads.Candidate(candidate);

        Assert.True(SignalingPayloads.TryParseCandidate(json, out var parsed));
        Assert.Equal(candidate, parsed);
    }

    [Fact]
    public void TryParseCandidate_BrowserEndOfCandidates_EmptyCandidate()
    {
        Assert.True(SignalingPayloads.TryParseCandidate(Json("""{"candidate":""}"""), out var parsed));
        Assert.True(parsed!.IsEndOfCandidates);
        Assert.Null(parsed.SdpMid);
        Assert.Null(parsed.SdpMLineIndex);
    }

    [Theory]
    [InlineData("""{"sdpMid":"0"}""")]
    [InlineData("""{"candidate":null}""")]
    [InlineData("""{"candidate":1}""")]
    [InlineData("\"candidate\"")]
    public void TryParseCandidate_NoCandidateString_False(string json) =>
        Assert.False(SignalingPayloads.TryParseCandidate(Json(json), out _));

    [Fact]
    public void TryParseCandidate_WrongFieldTypes_Ignored()
    {
        Assert.True(SignalingPayloads.TryParseCandidate(Json("""{"candidate":"c","sdpMid":0,"sdpMLineIndex":"0"}"""), out var parsed));
        Assert.Null(parsed!.SdpMid);
        Assert.Null(parsed.SdpMLineIndex);
    }

    [Fact]
    public void Fingerprint_FirstLine_NormalisedToUpperCase()
    {
        var sdp = "v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=fingerprint:sha-256 ab:CD:01 \r\na=fingerprint:sha-1 99\r\n";

        Assert.Equal("SHA-256 AB:CD:01", SignalingPayloads.Fingerprint(sdp));
        Assert.Null(SignalingPayloads.Fingerprint("v=0\r\n"));
    }
}
