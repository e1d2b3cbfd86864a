using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.Tests.PeerConnections;

public sealed class H264ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", nameof(SdpH264Profile.ConstrainedBaseline))]
    [InlineData("42c01e", nameof(SdpH264Profile.ConstrainedBaseline))]
    [InlineData("4de01f", nameof(SdpH264Profile.ConstrainedBaseline))]
    [InlineData("42001f", nameof(SdpH264Profile.Baseline))]
    [InlineData("4d001f", nameof(SdpH264Profile.Other))]
    [InlineData("640c1f", nameof(SdpH264Profile.Other))]
    public void TryParse_KnownValues_ClassifiesProfileAndRoundTrips(string text, string profileName)
    {
        var profile = Enum.Parse<SdpH264Profile>(profileName);
        Assert.True(SdpH264ProfileLevelId.TryParse(text, out var value));

        Assert.Equal(profile, value.Profile);
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01f0")]
    [InlineData("zze01f")]
    [InlineData("-2e01f")]
    public void TryParse_Malformed_ReturnsFalse(string? text) =>
        Assert.False(SdpH264ProfileLevelId.TryParse(text, out _));

    [Fact]
    public void TryFromFmtp_NoParameter_IsBaselineLevel1()
    {
        var payload = new SdpRtpPayload(96) { EncodingName = "H264", ClockRate = 90000, Parameters = "packetization-mode=1" };

        Assert.True(SdpH264ProfileLevelId.TryFromFmtp(payload, out var value));
        Assert.Equal("42000a", value.ToString());
    }

    [Theory]
    [InlineData("42001f", "42e01f", true)]
    [InlineData("42e01f", "42e00a", true)]
    [InlineData("42e01f", "42001f", false)]
    [InlineData("4d001f", "42e01f", false)]
    [InlineData("640c1f", "640c34", true)]
    [InlineData("640c1f", "64001f", false)]
    public void Accepts_DecoderProfileAgainstStreamProfile_FollowsRfc6184(string decoder, string stream, bool accepts)
    {
        Assert.True(SdpH264ProfileLevelId.TryParse(decoder, out var d));
        Assert.True(SdpH264ProfileLevelId.TryParse(stream, out var s));

        Assert.Equal(accepts, d.Accepts(s));
    }
}
