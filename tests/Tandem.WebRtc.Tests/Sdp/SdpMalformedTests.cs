using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.Tests.Sdp;

public sealed class SdpMalformedTests
{
    private const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   \r\n", "empty")]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\n", "v=0")]
    [InlineData("v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "v=0")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", "o=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4\r\n", "o=")]
    [InlineData("v=0\r\no=- abc 2 IN IP4 127.0.0.1\r\n", "o=")]
    [InlineData("v=0\r\no=- 1 x IN IP4 127.0.0.1\r\n", "o=")]
    [InlineData(Head + "v=0\r\n", "v=")]
    [InlineData(Head + "this is not sdp\r\n", "<type>=<value>")]
    [InlineData(Head + "=x\r\n", "<type>=<value>")]
    [InlineData(Head + "m=audio\r\n", "m=")]
    [InlineData(Head + "m=audio 9\r\n", "m=")]
    [InlineData(Head + "m=audio 70000 RTP/AVP 0\r\n", "port")]
    [InlineData(Head + "m=audio -1 RTP/AVP 0\r\n", "port")]
    [InlineData(Head + "m=audio 9/0 RTP/AVP 0\r\n", "port count")]
    [InlineData(Head + "m=audio 9/2/3 RTP/AVP 0\r\n", "port")]
    [InlineData(Head + "c=IN IP4\r\n", "c=")]
    [InlineData(Head + "m=audio 9 RTP/AVP 0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "o=")]
    public void TryParse_StructurallyBroken_ReturnsFalseWithReason(string? text, string reason)
    {
        Assert.False(SdpSessionDescription.TryParse(text, out var description, out string? error));

        Assert.Null(description);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ErrorNamesTheLine()
    {
        Assert.False(SdpSessionDescription.TryParse(Head + "a=mid:0\r\nbroken\r\n", out _, out string? error));

        Assert.StartsWith("Line 6:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=rtpmap:abc opus/48000/2")]
    [InlineData("a=rtpmap:111 opus")]
    [InlineData("a=rtpmap:111 opus/x/2")]
    [InlineData("a=rtpmap:300 opus/48000")]
    [InlineData("a=fmtp:111")]
    [InlineData("a=rtcp-fb:111")]
    [InlineData("a=rtcp-fb:x nack")]
    [InlineData("a=ssrc:abc cname:x")]
    [InlineData("a=ssrc:4294967296 cname:x")]
    [InlineData("a=ssrc:1")]
    [InlineData("a=ssrc-group:FID 1 x")]
    [InlineData("a=ssrc-group:FID")]
    [InlineData("a=extmap:x urn:a")]
    [InlineData("a=extmap:1")]
    [InlineData("a=setup:sideways")]
    [InlineData("a=fingerprint:sha-256")]
    [InlineData("a=sctp-port:many")]
    [InlineData("a=max-message-size:-5")]
    [InlineData("a=msid:a b c")]
    [InlineData("a=rtcp-mux:yes")]
    public void TryParse_MalformedKnownAttribute_KeptVerbatim(string line)
    {
        string text = Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + line + "\r\n";

        Assert.True(SdpSessionDescription.TryParse(text, out var description, out string? error), error);

        SdpMediaDescription media = Assert.Single(description.Media);
        Assert.Equal(line[2..], Assert.Single(media.Attributes).ToString());
        Assert.Empty(media.Payloads);
        Assert.Equal(text, description.ToString());
    }

    [Fact]
    public void TryParse_EveryPrefixOfChromiumOffer_NeverThrows()
    {
        string text = SdpTestData.Load(SdpTestData.AvDataChannelOffer);
        int parsed = 0;

        for (int length = 0; length <= text.Length; length += 7)
        {
            if (SdpSessionDescription.TryParse(text[..length], out var description, out _))
            {
                parsed++;
                Assert.True(SdpSessionDescription.TryParse(description.ToString(), out _, out string? again), again);
            }
        }

        Assert.True(parsed > 0);
    }

    [Fact]
    public void TryParse_RandomMutations_NeverThrowAndReparseWhenAccepted()
    {
        string text = SdpTestData.Load(SdpTestData.AvDataChannelAnswer);
        var random = new Random(20261124);
        const string Alphabet = " :=/\r\nav0129-x*";

        for (int round = 0; round < 300; round++)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < 8; i++)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            if (SdpSessionDescription.TryParse(new string(chars), out var description, out _))
            {
                string written = description.ToString();
                Assert.True(SdpSessionDescription.TryParse(written, out var again, out string? error), error);
                Assert.Equal(written, again.ToString());
            }
        }
    }
}
