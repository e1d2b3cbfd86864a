using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpPacketTests
{
    [Fact]
    public void Builder_TwoChunks_ParsesBackWithChecksum()
    {
        var buffer = new byte[1200];
        var builder = new SctpPacketBuilder(buffer, 5000, 5001, 0xDEADBEEF);
        builder.Advance(new SctpDataChunk(1, 2, 3, 51, SctpDataChunk.FlagBeginning | SctpDataChunk.FlagEnd, "abc"u8).WriteTo(builder.Free));
        builder.Advance(default(SctpCookieAckChunk).WriteTo(builder.Free));
        var length = builder.Finish();

        Assert.Equal(12 + 20 + 4, length);
        Assert.True(SctpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(5000, packet.SourcePort);
        Assert.Equal(5001, packet.DestinationPort);
        Assert.Equal(0xDEADBEEF, packet.VerificationTag);
        var types = new List<SctpChunkType>();
        foreach (var chunk in packet.GetChunks())
        {
            types.Add(chunk.Type);
        }

        Assert.Equal([SctpChunkType.Data, SctpChunkType.CookieAck], types);
        Assert.Equal(0, buffer[12 + 19]);
    }

    [Fact]
    public void TryParse_CorruptedByte_FailsChecksum()
    {
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, 1, 2, 3);
        builder.Advance(new SctpShutdownChunk(42).WriteTo(builder.Free));
        var length = builder.Finish();
        buffer[length - 1] ^= 0x01;

        Assert.False(SctpPacket.TryParse(buffer.AsSpan(0, length), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(15)]
    public void TryParse_TooShort_ReturnsFalse(int length) => Assert.False(SctpPacket.TryParse(new byte[length], out _));

    [Fact]
    public void GetChunks_LengthBeyondPacket_StopsAsMalformed()
    {
        var data = new byte[20];
        data[12] = 0;
        data[14] = 0x01;
        data[15] = 0x00;

        Assert.True(SctpPacket.TryParse(data, out var packet, verifyChecksum: false));
        var chunks = packet.GetChunks();
        Assert.False(chunks.MoveNext());
        Assert.True(chunks.IsMalformed);
    }

    [Fact]
    public void TryParse_RandomGarbage_NeverThrows()
    {
        var random = new Random(7);
        var buffer = new byte[300];
        var checksumPasses = 0;
        for (var i = 0; i < 5000; i++)
        {
            var length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (SctpPacket.TryParse(buffer.AsSpan(0, length), out var packet, verifyChecksum: false))
            {
                foreach (var chunk in packet.GetChunks())
                {
                    ParseAny(chunk.Raw);
                }
            }

            ParseAny(buffer.AsSpan(0, length));
            checksumPasses += SctpPacket.TryParse(buffer.AsSpan(0, length), out _) ? 1 : 0;
        }

        Assert.Equal(0, checksumPasses);
    }

    private static void ParseAny(ReadOnlySpan<byte> raw)
    {
        _ = SctpDataChunk.TryParse(raw, out _);
        _ = SctpInitChunk.TryParse(raw, out _);
        _ = SctpInitAckChunk.TryParse(raw, out _);
        if (SctpSackChunk.TryParse(raw, out var sack))
        {
            for (var g = 0; g < sack.GapBlockCount; g++)
            {
                _ = sack.GetGapBlock(g);
            }
        }

        _ = SctpHeartbeatChunk.TryParse(raw, out _);
        _ = SctpHeartbeatAckChunk.TryParse(raw, out _);
        _ = SctpAbortChunk.TryParse(raw, out _);
        _ = SctpErrorChunk.TryParse(raw, out _);
        _ = SctpShutdownChunk.TryParse(raw, out _);
        _ = SctpShutdownAckChunk.TryParse(raw, out _);
        _ = SctpShutdownCompleteChunk.TryParse(raw, out _);
        _ = SctpCookieEchoChunk.TryParse(raw, out _);
        _ = SctpCookieAckChunk.TryParse(raw, out _);
        if (SctpForwardTsnChunk.TryParse(raw, out var forward))
        {
            for (var s = 0; s < forward.StreamCount; s++)
            {
                _ = forward.GetStream(s);
            }
        }

        if (SctpReConfigChunk.TryParse(raw, out var reconfig))
        {
            foreach (var p in new SctpParameterEnumerator(reconfig.Parameters))
            {
                _ = SctpOutgoingSsnResetRequest.TryParse(p, out _);
                _ = SctpIncomingSsnResetRequest.TryParse(p, out _);
                _ = SctpReConfigResponse.TryParse(p, out _);
            }
        }
    }
}
