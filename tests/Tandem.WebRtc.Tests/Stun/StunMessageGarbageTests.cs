using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Stun;

public class StunMessageGarbageTests
{
    private static readonly byte[] Key = StunCredentials.ShortTermKey("key");

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(5769);
        var buffer = new byte[200];
        var parsed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length + 1);
            if (i % 2 == 0 && length >= StunMessage.HeaderSize)
            {
                // Half the inputs get a plausible header, so attribute parsing is exercised too.
                buffer[0] &= 0x01;
                buffer[2] = 0;
                buffer[3] = (byte)((length - StunMessage.HeaderSize) & ~3);
                buffer[4] = 0x21;
                buffer[5] = 0x12;
                buffer[6] = 0xA4;
                buffer[7] = 0x42;
            }

            parsed += Exercise(buffer.AsSpan(0, length)) ? 1 : 0;
        }

        Assert.InRange(parsed, 1, 20_000);
    }

    [Fact]
    public void TryParse_MutatedVectors_NeverThrows()
    {
        var random = new Random(8489);
        string[] vectors = [Rfc5769Vectors.SampleRequest, Rfc5769Vectors.SampleIPv4Response, Rfc5769Vectors.SampleIPv6Response];
        var verified = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = Rfc5769Vectors.Bytes(vectors[i % vectors.Length]);
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (Exercise(bytes) && StunMessage.TryParse(bytes, out var message) && message.VerifyFingerprint())
            {
                verified++;
            }
        }

        Assert.True(verified < 5_000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0001")]
    [InlineData("000100002112a442b7e7a701bc34d686fa87df")]
    [InlineData("c00100002112a442b7e7a701bc34d686fa87dfae")]
    [InlineData("000100002112a443b7e7a701bc34d686fa87dfae")]
    [InlineData("000100022112a442b7e7a701bc34d686fa87dfae0000")]
    [InlineData("000100042112a442b7e7a701bc34d686fa87dfae00060001")]
    [InlineData("000100082112a442b7e7a701bc34d686fa87dfae0006000561626364")]
    public void TryParse_Malformed_ReturnsFalse(string hex)
    {
        Assert.False(StunMessage.TryParse(Convert.FromHexString(hex), out _));
    }

    private static bool Exercise(ReadOnlySpan<byte> data)
    {
        if (!StunMessage.TryParse(data, out var message))
        {
            return false;
        }

        _ = message.Class;
        _ = message.Method;
        _ = message.TransactionId;
        foreach (var attribute in message.Attributes)
        {
            _ = attribute.Value.Length;
        }

        _ = message.TryGetXorMappedAddress(out _);
        _ = message.TryGetMappedAddress(out _);
        _ = message.TryGetUsername(out string? _);
        _ = message.TryGetSoftware(out _);
        _ = message.TryGetPriority(out _);
        _ = message.TryGetIceControlling(out _);
        _ = message.TryGetIceControlled(out _);
        _ = message.TryGetErrorCode(out _, out _);
        _ = message.HasUseCandidate;
        _ = message.VerifyMessageIntegrity(Key);
        _ = message.VerifyMessageIntegritySha256(Key);
        _ = message.VerifyFingerprint();
        return true;
    }
}
