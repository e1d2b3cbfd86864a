using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

public class IceMdnsMessageTests
{
    [Fact]
    public void WriteQuery_Hostname_WritesOneQuestionWithUnicastBit()
    {
        var buffer = new byte[128];

        var length = IceMdnsMessage.WriteQuery(buffer, "abc.local", IceMdnsMessage.TypeA);

        Assert.Equal(
            "000000000001000000000000" + "03616263" + "056c6f63616c" + "00" + "0001" + "8001",
            Convert.ToHexStringLower(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void TryReadAddress_AnswerWithCompressedName_ReturnsAddress()
    {
        // Response: header (QR, AA), one question "abc.local" A, one answer pointing at it (0xC00C).
        var response = Convert.FromHexString(
            "000084000001000100000000" + "03616263056c6f63616c0000018001" +
            "c00c" + "0001" + "8001" + "00000078" + "0004" + "c0a80107");

        Assert.True(IceMdnsMessage.TryReadAddress(response, "abc.local", out var address));
        Assert.Equal(IPAddress.Parse("192.168.1.7"), address);
        Assert.False(IceMdnsMessage.TryReadAddress(response, "other.local", out _));
    }

    [Fact]
    public void TryReadAddress_QueryRoundTrip_IsNotAResponse()
    {
        var buffer = new byte[128];
        var length = IceMdnsMessage.WriteQuery(buffer, "abc.local", IceMdnsMessage.TypeA);

        Assert.False(IceMdnsMessage.TryReadAddress(buffer.AsSpan(0, length), "abc.local", out _));
    }

    [Fact]
    public void TryReadAddress_RandomAndTruncatedInput_NeverThrows()
    {
        var response = Convert.FromHexString(
            "000084000001000100000000" + "03616263056c6f63616c0000018001" + "c00c000180010000007800040a000001");
        for (var length = 0; length < response.Length; length++)
        {
            Assert.False(IceMdnsMessage.TryReadAddress(response.AsSpan(0, length), "abc.local", out _));
        }

        var random = new Random(6762);
        var buffer = new byte[64];
        for (var i = 0; i < 5_000; i++)
        {
            random.NextBytes(buffer);
            buffer[2] |= 0x80;
            _ = IceMdnsMessage.TryReadAddress(buffer, "abc.local", out _);
        }

        Assert.True(IceMdnsMessage.TryReadAddress(response, "ABC.local", out var address));
        Assert.Equal(IPAddress.Parse("10.0.0.1"), address);
    }
}
