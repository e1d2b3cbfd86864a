using System.Buffers;
using System.Net;
using Tandem.WebRtc.Stun;
using static Tandem.WebRtc.Tests.Stun.Rfc5769Vectors;

namespace Tandem.WebRtc.Tests.Stun;

public class TurnMessageTests
{
    [Fact]
    public void Writer_Rfc5769LongTermRequest_ReproducesTheVectorByteForByte()
    {
        // RFC 5769 §2.4: USERNAME, NONCE, REALM and MESSAGE-INTEGRITY with the long-term key, as every signed TURN request carries them.
        var expected = Bytes(SampleLongTermRequest);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.Read(expected.AsSpan(8)));
        writer.AddUsername(LongTermUsername);
        writer.AddNonce("f//499k954d6OL34oL9FSTvy64sA");
        writer.AddRealm(LongTermRealm);
        writer.AddMessageIntegrity(StunCredentials.LongTermKey(LongTermUsername, LongTermRealm, LongTermPassword));

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void Rfc5769LongTermRequest_RealmAndNonce_AreRead()
    {
        Assert.True(StunMessage.TryParse(Bytes(SampleLongTermRequest), out var message));

        Assert.True(message.TryGetRealm(out string? realm));
        Assert.True(message.TryGetNonce(out string? nonce));
        Assert.Equal(LongTermRealm, realm);
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", nonce);
    }

    [Theory]
    [InlineData("192.0.2.1", 32853)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    public void TurnAttributes_RoundTrip(string address, int port)
    {
        var peer = new IPEndPoint(IPAddress.Parse(address), port);
        var relayed = new IPEndPoint(IPAddress.Parse(address), port + 1);
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.ChannelBind, StunTransactionId.NewId());
        writer.AddChannelNumber(0x4001);
        writer.AddXorPeerAddress(peer);
        writer.AddXorRelayedAddress(relayed);
        writer.AddLifetime(600);
        writer.AddRequestedTransport(StunMessageWriter.TransportUdp);
        writer.AddData([1, 2, 3, 4, 5]);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var message));
        Assert.Equal(StunMethod.ChannelBind, message.Method);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetChannelNumber(out var channel));
        Assert.Equal(0x4001, channel);
        Assert.True(message.TryGetXorPeerAddress(out var readPeer));
        Assert.Equal(peer, readPeer);
        Assert.True(message.TryGetXorRelayedAddress(out var readRelayed));
        Assert.Equal(relayed, readRelayed);
        Assert.True(message.TryGetLifetime(out var lifetime));
        Assert.Equal(600u, lifetime);
        Assert.True(message.TryGetRequestedTransport(out var protocol));
        Assert.Equal(17, protocol);
        Assert.True(message.TryGetData(out var data));
        Assert.Equal([1, 2, 3, 4, 5], data.ToArray());
    }

    [Theory]
    [InlineData(nameof(StunMethod.Allocate), 0x0003, 0x0103, 0x0113)]
    [InlineData(nameof(StunMethod.Refresh), 0x0004, 0x0104, 0x0114)]
    [InlineData(nameof(StunMethod.CreatePermission), 0x0008, 0x0108, 0x0118)]
    [InlineData(nameof(StunMethod.ChannelBind), 0x0009, 0x0109, 0x0119)]
    public void ComposeType_TurnMethods_MatchRfc8656Registry(string methodName, int request, int success, int error)
    {
        var method = Enum.Parse<StunMethod>(methodName);
        Assert.Equal(request, StunMessage.ComposeType(StunClass.Request, method));
        Assert.Equal(success, StunMessage.ComposeType(StunClass.SuccessResponse, method));
        Assert.Equal(error, StunMessage.ComposeType(StunClass.ErrorResponse, method));
    }

    [Theory]
    [InlineData(nameof(StunMethod.Send), 0x0016)]
    [InlineData(nameof(StunMethod.Data), 0x0017)]
    public void ComposeType_TurnIndications_MatchRfc8656(string methodName, int indication) =>
        Assert.Equal(indication, StunMessage.ComposeType(StunClass.Indication, Enum.Parse<StunMethod>(methodName)));

    [Theory]
    [InlineData(5, false, 9)]
    [InlineData(5, true, 12)]
    [InlineData(8, true, 12)]
    [InlineData(0, true, 4)]
    public void ChannelData_RoundTrip_PadsOnlyForStreams(int length, bool padded, int wireSize)
    {
        var payload = Enumerable.Range(1, length).Select(i => (byte)i).ToArray();
        var buffer = new byte[64];
        buffer.AsSpan().Fill(0xEE);

        var written = TurnChannelData.Write(buffer, 0x4ABC, payload, padded);

        Assert.Equal(wireSize, written);
        Assert.All(buffer[(4 + length)..written], b => Assert.Equal(0, b));
        Assert.True(TurnChannelData.TryParse(buffer.AsSpan(0, written), out var channel, out var read));
        Assert.Equal(0x4ABC, channel);
        Assert.Equal(payload, read.ToArray());
        Assert.Equal(OperationStatus.Done, TurnStreamFraming.TryGetFrameLength(buffer, out var frame));
        Assert.Equal(TurnChannelData.GetSize(length, padded: true), frame);
    }

    [Theory]
    [InlineData(0x3FFF)]
    [InlineData(0x5000)]
    public void ChannelData_Write_ChannelOutOfRange_Throws(int channel) =>
        Assert.Throws<ArgumentException>(() => TurnChannelData.Write(new byte[16], (ushort)channel, [1], padded: false));

    [Theory]
    [InlineData("40010005010203", false)] // length 5, only 3 data bytes
    [InlineData("400100", false)] // shorter than the header
    [InlineData("3fff0001aa", false)] // channel below 0x4000: STUN range
    [InlineData("50000001aa", false)] // reserved range 0x5000+
    [InlineData("40000000", true)] // empty data is valid
    public void ChannelData_TryParse_Malformed_ReturnsFalse(string hex, bool valid) =>
        Assert.Equal(valid, TurnChannelData.TryParse(Convert.FromHexString(hex), out _, out _));

    [Theory]
    [InlineData("000100", OperationStatus.NeedMoreData, 0)]
    [InlineData("00010008", OperationStatus.Done, 28)]
    [InlineData("00010006", OperationStatus.InvalidData, 0)] // STUN length not a multiple of 4
    [InlineData("80010000", OperationStatus.InvalidData, 0)] // RTP-like first bits: out of step
    [InlineData("c0010000", OperationStatus.InvalidData, 0)]
    [InlineData("4fff0003", OperationStatus.Done, 8)]
    public void StreamFraming_FrameLength(string hex, OperationStatus status, int length)
    {
        Assert.Equal(status, TurnStreamFraming.TryGetFrameLength(Convert.FromHexString(hex), out var frame));
        Assert.Equal(length, frame);
    }

    [Fact]
    public void TurnParsers_RandomBytes_NeverThrow()
    {
        var random = new Random(8656);
        var buffer = new byte[160];
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length + 1);
            if (i % 2 == 0 && length >= StunMessage.HeaderSize)
            {
                // A plausible header so the TURN attribute readers see attributes of random shape.
                // A plausible header and 12-byte TURN attributes (type, length 8, random value) so the
                // TURN attribute readers see well-framed attributes with random contents.
                var body = (length - StunMessage.HeaderSize) / 12 * 12;
                buffer[0] = 0x01;
                buffer[2] = 0;
                buffer[3] = (byte)body;
                buffer[4] = 0x21;
                buffer[5] = 0x12;
                buffer[6] = 0xA4;
                buffer[7] = 0x42;
                for (var a = StunMessage.HeaderSize; a < StunMessage.HeaderSize + body; a += 12)
                {
                    buffer[a] = 0;
                    buffer[a + 1] = random.GetItems<byte>([0x0C, 0x0D, 0x12, 0x13, 0x14, 0x15, 0x16, 0x19], 1)[0];
                    buffer[a + 2] = 0;
                    buffer[a + 3] = (byte)random.Next(5, 9);
                }
            }

            var data = buffer.AsSpan(0, length);
            if (StunMessage.TryParse(data, out var message))
            {
                accepted++;
                message.TryGetChannelNumber(out _);
                message.TryGetLifetime(out _);
                message.TryGetXorPeerAddress(out _);
                message.TryGetXorRelayedAddress(out _);
                message.TryGetData(out _);
                message.TryGetRealm(out string? _);
                message.TryGetNonce(out string? _);
                message.TryGetRequestedTransport(out _);
                message.TryGetErrorCode(out _, out _);
            }

            TurnChannelData.TryParse(data, out _, out _);
            TurnStreamFraming.TryGetFrameLength(data, out _);
        }

        Assert.True(accepted > 1000, $"only {accepted} inputs parsed: the attribute readers were barely exercised");
    }
}
