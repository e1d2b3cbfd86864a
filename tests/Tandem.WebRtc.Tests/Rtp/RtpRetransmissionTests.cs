using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public sealed class RtpRetransmissionTests
{
    [Fact]
    public void WrapThenUnwrap_PacketWithExtensionAndPadding_RestoresHeaderAndPayloadWithoutPadding()
    {
        var original = new byte[64];
        Assert.True(RtpPacketBuilder.TryCreate(original, new RtpHeader(96, 0xFFFE, 123_456, 0x1111, Marker: true), out var builder, RtpHeaderExtensionForm.OneByte));
        Assert.True(builder.TryAddExtension(4, "0"u8));
        var length = builder.Finish(0);
        "abcdef"u8.CopyTo(original.AsSpan(length));
        length += 6;
        original[0] |= 0x20;
        original[length] = 0;
        original[length + 1] = 2;
        length += 2;
        Assert.True(RtpPacket.TryParse(original.AsSpan(0, length), out var packet));

        var rtx = new byte[64];
        Assert.True(RtpRetransmission.TryWrap(packet, rtx, 97, 7, 0x2222, out var rtxLength));
        Assert.True(RtpPacket.TryParse(rtx.AsSpan(0, rtxLength), out var wrapped));
        Assert.Equal((byte)97, wrapped.PayloadType);
        Assert.Equal((ushort)7, wrapped.SequenceNumber);
        Assert.Equal(0x2222u, wrapped.Ssrc);
        Assert.Equal(123_456u, wrapped.Timestamp);
        Assert.True(wrapped.Marker);
        Assert.False(wrapped.HasPadding);
        Assert.Equal([0xFF, 0xFE, .. "abcdef"u8], wrapped.Payload.ToArray());
        Assert.True(wrapped.TryGetExtension(4, out var mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());

        var restored = new byte[64];
        Assert.True(RtpRetransmission.TryUnwrap(wrapped, restored, 96, 0x1111, out var restoredLength));
        Assert.True(RtpPacket.TryParse(restored.AsSpan(0, restoredLength), out var back));
        Assert.Equal((byte)96, back.PayloadType);
        Assert.Equal((ushort)0xFFFE, back.SequenceNumber);
        Assert.Equal(0x1111u, back.Ssrc);
        Assert.True(back.Marker);
        Assert.Equal("abcdef"u8.ToArray(), back.Payload.ToArray());
        Assert.Equal(length - 2, restoredLength);
    }

    [Fact]
    public void TryUnwrap_PayloadShorterThanOsn_ReturnsFalse()
    {
        var data = new byte[13];
        Assert.True(RtpPacketBuilder.TryCreate(data, new RtpHeader(97, 1, 0, 5), out var builder));
        var length = builder.Finish(1);
        Assert.True(RtpPacket.TryParse(data.AsSpan(0, length), out var packet));

        Assert.False(RtpRetransmission.TryUnwrap(packet, new byte[64], 96, 1, out _));
    }

    [Fact]
    public void TryWrap_DestinationTooSmall_ReturnsFalse()
    {
        var data = new byte[20];
        Assert.True(RtpPacketBuilder.TryCreate(data, new RtpHeader(96, 1, 0, 5), out var builder));
        var length = builder.Finish(8);
        Assert.True(RtpPacket.TryParse(data.AsSpan(0, length), out var packet));

        Assert.False(RtpRetransmission.TryWrap(packet, new byte[length + 1], 97, 1, 6, out _));
        Assert.True(RtpRetransmission.TryWrap(packet, new byte[length + 2], 97, 1, 6, out var written));
        Assert.Equal(length + 2, written);
    }
}
