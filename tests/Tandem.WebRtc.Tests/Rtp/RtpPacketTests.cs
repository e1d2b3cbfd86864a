using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpPacketTests
{
    // V=2 P=0 X=0 CC=0, M=1 PT=96, seq 0x1234, ts 0xDEADBEEF, SSRC 0x11223344, payload 01 02 03.
    private static readonly byte[] Simple = Convert.FromHexString("80E01234DEADBEEF11223344010203");

    [Fact]
    public void TryParse_FixedHeader_ReadsEveryField()
    {
        Assert.True(RtpPacket.TryParse(Simple, out var packet));

        Assert.Equal(2, packet.Version);
        Assert.False(packet.HasPadding);
        Assert.False(packet.HasExtension);
        Assert.Equal(0, packet.CsrcCount);
        Assert.True(packet.Marker);
        Assert.Equal(96, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(12, packet.HeaderLength);
        Assert.Equal(new byte[] { 1, 2, 3 }, packet.Payload.ToArray());
    }

    [Fact]
    public void TryParse_CsrcsAndPadding_PayloadExcludesBoth()
    {
        // P=1, CC=2; payload AA BB, then 3 bytes of padding ending with the count 03.
        var data = Convert.FromHexString("A2081000000000010000000200000A0B00000C0DAABB000003");

        Assert.True(RtpPacket.TryParse(data, out var packet));

        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(0x0A0Bu, packet.GetCsrc(0));
        Assert.Equal(0x0C0Du, packet.GetCsrc(1));
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, packet.Payload.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("80E01234DEADBEEF112233")]
    [InlineData("40E01234DEADBEEF11223344")]
    [InlineData("81E01234DEADBEEF11223344")]
    [InlineData("90E01234DEADBEEF11223344BEDE")]
    [InlineData("90E01234DEADBEEF11223344BEDE0002AABBCCDD")]
    [InlineData("A0E01234DEADBEEF11223344AA00")]
    [InlineData("A0E01234DEADBEEF11223344AA05")]
    public void TryParse_Malformed_ReturnsFalse(string hex)
    {
        Assert.False(RtpPacket.TryParse(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TryParse_EveryTruncation_NeverThrowsAndNeverOverruns()
    {
        var full = BuildWithExtensions(out _);
        for (var length = 0; length < full.Length; length++)
        {
            if (RtpPacket.TryParse(full.AsSpan(0, length), out var packet))
            {
                Assert.True(packet.HeaderLength + packet.PaddingLength <= length);
                var reader = packet.GetExtensions();
                while (reader.TryReadNext(out _, out _))
                {
                }
            }
        }

        Assert.True(RtpPacket.TryParse(full, out _));
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        var parsed = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80);
            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet))
            {
                parsed++;
                _ = packet.Payload.Length;
                var reader = packet.GetExtensions();
                while (reader.TryReadNext(out _, out var value))
                {
                    Assert.True(value.Length <= packet.ExtensionData.Length);
                }
            }
        }

        Assert.InRange(parsed, 1, 49_999);
    }

    [Fact]
    public void Builder_WithMidAndAbsSendTime_RoundTrips()
    {
        var bytes = BuildWithExtensions(out var ntp);

        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        Assert.True(packet.HasExtension);
        Assert.Equal(RtpHeaderExtensionReader.OneByteProfile, packet.ExtensionProfile);
        Assert.Equal(0, packet.ExtensionData.Length % 4);
        Assert.True(packet.TryGetExtension(1, out var mid));
        Assert.Equal("video"u8.ToArray(), mid.ToArray());
        Assert.True(packet.TryGetExtension(3, out var abs));
        Assert.True(RtpAbsSendTime.TryRead(abs, out var sendTime));
        Assert.Equal((uint)(ntp >> 14) & 0xFFFFFF, sendTime);
        Assert.False(packet.TryGetExtension(2, out _));
        Assert.Equal(new byte[] { 9, 8, 7 }, packet.Payload.ToArray());
        Assert.Equal(0xCAFEu, packet.GetCsrc(0));
        Assert.Equal(65535, packet.SequenceNumber);
    }

    [Fact]
    public void Builder_TwoByteForm_AllowsLongValuesAndHighIds()
    {
        var buffer = new byte[400];
        var value = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        Assert.True(RtpPacketBuilder.TryCreate(buffer, new RtpHeader(111, 1, 2, 3), out var builder, RtpHeaderExtensionForm.TwoByte));
        Assert.True(builder.TryAddExtension(200, value));
        Assert.True(builder.TryAddExtension(5, []));
        Assert.True(builder.TryFinish([0x42], out var length));

        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(0x1000, packet.ExtensionProfile & 0xFFF0);
        Assert.True(packet.TryGetExtension(200, out var read));
        Assert.Equal(value, read.ToArray());
        Assert.True(packet.TryGetExtension(5, out var empty));
        Assert.True(empty.IsEmpty);
    }

    [Fact]
    public void Builder_OneByteFormLimits_RejectsOutOfRange()
    {
        var buffer = new byte[100];
        Assert.True(RtpPacketBuilder.TryCreate(buffer, new RtpHeader(96, 1, 2, 3), out var builder, RtpHeaderExtensionForm.OneByte));

        Assert.False(builder.TryAddExtension(15, [1]));
        Assert.False(builder.TryAddExtension(0, [1]));
        Assert.False(builder.TryAddExtension(1, new byte[17]));
        Assert.False(builder.TryAddExtension(1, []));
        Assert.True(builder.TryAddExtension(14, new byte[16]));
    }

    [Fact]
    public void Builder_NoExtensionAdded_DropsEmptyBlock()
    {
        var buffer = new byte[100];
        Assert.True(RtpPacketBuilder.TryCreate(buffer, new RtpHeader(96, 7, 8, 9), out var builder, RtpHeaderExtensionForm.OneByte));
        var payload = builder.GetPayloadSpan();
        payload[0] = 0x55;
        var length = builder.Finish(1);

        Assert.Equal(13, length);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.False(packet.HasExtension);
        Assert.Equal(0x55, packet.Payload[0]);
    }

    [Fact]
    public void Builder_BufferTooSmall_ReturnsFalse()
    {
        Assert.False(RtpPacketBuilder.TryCreate(new byte[11], new RtpHeader(96, 1, 2, 3), out _));
        Assert.False(RtpPacketBuilder.TryCreate(new byte[20], new RtpHeader(128, 1, 2, 3), out _));
        Assert.True(RtpPacketBuilder.TryCreate(new byte[14], new RtpHeader(96, 1, 2, 3), out var builder));
        Assert.False(builder.TryFinish([1, 2, 3], out _));
    }

    private static byte[] BuildWithExtensions(out ulong ntp)
    {
        ntp = 0xE1234567_89ABCDEFUL;
        var buffer = new byte[200];
        Assert.True(RtpPacketBuilder.TryCreate(buffer, new RtpHeader(96, 65535, 90000, 0xAABBCCDD, true), out var builder, RtpHeaderExtensionForm.OneByte, [0xCAFE]));
        Assert.True(builder.TryAddExtension(1, "video"u8));
        Span<byte> abs = stackalloc byte[RtpAbsSendTime.Length];
        Assert.True(RtpAbsSendTime.TryWrite(ntp, abs));
        Assert.True(builder.TryAddExtension(3, abs));
        Assert.True(builder.TryFinish([9, 8, 7], out var length));
        return buffer[..length];
    }
}
