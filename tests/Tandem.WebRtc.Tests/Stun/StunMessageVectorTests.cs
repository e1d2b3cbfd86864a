using System.Net;
using Tandem.WebRtc.Stun;
using static Tandem.WebRtc.Tests.Stun.Rfc5769Vectors;

namespace Tandem.WebRtc.Tests.Stun;

public class StunMessageVectorTests
{
    private static readonly byte[] ShortTermKey = StunCredentials.ShortTermKey(ShortTermPassword);

    [Fact]
    public void TryParse_Rfc5769SampleRequest_ReadsAllAttributes()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleRequest), out var message));

        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal("b7e7a701bc34d686fa87dfae", message.TransactionId.ToString());
        Assert.True(message.TryGetSoftware(out string? software));
        Assert.Equal("STUN test client", software);
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out var tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetUsername(out string? username));
        Assert.Equal("evtj:h6vY", username);
    }

    [Fact]
    public void VerifyMessageIntegrity_Rfc5769SampleRequest_AcceptsPasswordAndFingerprint()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleRequest), out var message));

        Assert.True(message.HasMessageIntegrity);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void VerifyMessageIntegrity_WrongPassword_ReturnsFalse()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleRequest), out var message));

        Assert.False(message.VerifyMessageIntegrity(StunCredentials.ShortTermKey("VOkJxbRl1RmTxUk/WvJxBu")));
    }

    [Fact]
    public void TryGetXorMappedAddress_Rfc5769IPv4Response_ReturnsMappedAddress()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleIPv4Response), out var message));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.TryGetSoftware(out string? software));
        Assert.Equal("test vector", software);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void TryGetXorMappedAddress_Rfc5769IPv6Response_ReturnsMappedAddress()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleIPv6Response), out var message));

        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void VerifyMessageIntegrity_Rfc5769LongTermRequest_AcceptsLongTermKey()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleLongTermRequest), out var message));

        Assert.True(message.TryGetUsername(out string? username));
        Assert.Equal(LongTermUsername, username);
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out var realm));
        Assert.Equal(LongTermRealm, System.Text.Encoding.UTF8.GetString(realm));
        Assert.True(message.VerifyMessageIntegrity(StunCredentials.LongTermKey(LongTermUsername, LongTermRealm, LongTermPassword)));
        Assert.False(message.HasFingerprint);
        Assert.False(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData(SampleRequest)]
    [InlineData(SampleIPv4Response)]
    [InlineData(SampleIPv6Response)]
    public void VerifyFingerprint_AnyByteFlipped_FailsIntegrityOrFingerprint(string hex)
    {
        var original = Bytes(hex);
        for (var i = StunMessage.HeaderSize; i < original.Length - 8; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            if (StunMessage.TryParse(tampered, out var message))
            {
                Assert.False(message.VerifyFingerprint() && message.VerifyMessageIntegrity(ShortTermKey), $"byte {i}");
            }
        }
    }

    [Theory]
    [InlineData(SampleRequest)]
    [InlineData(SampleIPv4Response)]
    [InlineData(SampleIPv6Response)]
    [InlineData(SampleLongTermRequest)]
    public void TryParse_TruncatedVector_ReturnsFalse(string hex)
    {
        var bytes = Bytes(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(StunMessage.TryParse(bytes.AsSpan(0, length), out _), $"length {length}");
        }
    }
}
