using System.Net;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Stun;

public class StunMessageWriterTests
{
    private static readonly byte[] Key = StunCredentials.ShortTermKey("pass-word-of-22-chars!");

    [Fact]
    public void Write_IceBindingRequest_RoundTripsEveryAttribute()
    {
        var id = StunTransactionId.NewId();
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername("remote:local");
        writer.AddSoftware("tandem");
        writer.AddPriority(0x6e7f1eff);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(id, message.TransactionId);
        Assert.True(message.TryGetUsername(out string? username));
        Assert.Equal("remote:local", username);
        Assert.True(message.TryGetSoftware(out string? software));
        Assert.Equal("tandem", software);
        Assert.True(message.TryGetPriority(out var priority));
        Assert.Equal(0x6e7f1effu, priority);
        Assert.True(message.TryGetIceControlling(out var tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyFingerprint());
    }

    [Theory]
    [InlineData("203.0.113.7", 3478)]
    [InlineData("2001:db8::1", 65535)]
    [InlineData("::1", 1)]
    public void AddXorMappedAddress_Written_ReadsBackSameEndPoint(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddXorMappedAddress(endPoint);
        writer.AddMappedAddress(endPoint);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(0x0101, message.MessageType);
        Assert.True(message.TryGetXorMappedAddress(out var xorMapped));
        Assert.Equal(endPoint, xorMapped);
        Assert.True(message.TryGetMappedAddress(out var mapped));
        Assert.Equal(endPoint, mapped);
    }

    [Fact]
    public void AddErrorCode_RoleConflict_ReadsBackCodeAndReason()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddErrorCode(StunErrorCodes.RoleConflict, "Role Conflict");
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(0x0111, message.MessageType);
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var code, out var reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", reason);
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void AddMessageIntegritySha256_Written_VerifiesWithKeyOnly()
    {
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddUsername("a:b");
        writer.AddMessageIntegrity(Key);
        writer.AddMessageIntegritySha256(Key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.VerifyMessageIntegrity(Key));
        Assert.True(message.VerifyMessageIntegritySha256(Key));
        Assert.False(message.VerifyMessageIntegritySha256(StunCredentials.ShortTermKey("other")));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void StunMessageWriter_Indication_ComposesType0x0011()
    {
        var buffer = new byte[32];
        var writer = new StunMessageWriter(buffer, StunClass.Indication, StunMethod.Binding, StunTransactionId.NewId());

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(0x0011, message.MessageType);
        Assert.Equal(StunClass.Indication, message.Class);
        Assert.Equal(StunMessage.HeaderSize, writer.Length);
    }

    [Fact]
    public void TryGetUnknownRequiredAttribute_UnknownComprehensionRequired_ReturnsIt()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddAttribute((StunAttributeType)0x7F01, [1, 2, 3]);
        writer.AddAttribute((StunAttributeType)0xC001, [4]);

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.True(message.TryGetUnknownRequiredAttribute([StunAttributeType.Username], out var unknown));
        Assert.Equal((StunAttributeType)0x7F01, unknown);
        Assert.False(message.TryGetUnknownRequiredAttribute([(StunAttributeType)0x7F01], out _));
    }

    [Fact]
    public void AddAttribute_BufferTooSmall_Throws()
    {
        var buffer = new byte[24];

        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
            writer.AddUsername("too long for the buffer");
        });
    }
}
