using System.Buffers;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

public class WebSocketFrameHeaderTests
{
    // RFC 6455 §5.7 examples, kept as data.
    public static TheoryData<byte[], bool, WebSocketOpcode, bool, long> RfcExamples => new()
    {
        { [0x81, 0x05], true, WebSocketOpcode.Text, false, 5 },
        { [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d], true, WebSocketOpcode.Text, true, 5 },
        { [0x01, 0x03], false, WebSocketOpcode.Text, false, 3 },
        { [0x80, 0x02], true, WebSocketOpcode.Continuation, false, 2 },
        { [0x89, 0x05], true, WebSocketOpcode.Ping, false, 5 },
        { [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d], true, WebSocketOpcode.Pong, true, 5 },
        { [0x82, 0x7E, 0x01, 0x00], true, WebSocketOpcode.Binary, false, 256 },
        { [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00], true, WebSocketOpcode.Binary, false, 65536 },
    };

    [Theory]
    [MemberData(nameof(RfcExamples))]
    public void TryRead_RfcExamples_ReadsEveryField(byte[] bytes, bool fin, WebSocketOpcode opcode, bool masked, long length)
    {
        Assert.Equal(OperationStatus.Done, WebSocketFrameHeader.TryRead(bytes, out var header));
        Assert.Equal((fin, opcode, masked, length, bytes.Length), (header.Fin, header.Opcode, header.Masked, header.PayloadLength, header.HeaderLength));
    }

    [Theory]
    [MemberData(nameof(RfcExamples))]
    public void TryRead_EveryTruncation_NeedsMoreData(byte[] bytes, bool fin, WebSocketOpcode opcode, bool masked, long length)
    {
        _ = (fin, opcode, masked, length);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(OperationStatus.NeedMoreData, WebSocketFrameHeader.TryRead(bytes.AsSpan(0, cut), out _));
        }
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(125L, true)]
    [InlineData(126L, false)]
    [InlineData(65535L, true)]
    [InlineData(65536L, true)]
    [InlineData(1L << 33, false)]
    public void Write_ThenTryRead_RoundTrips(long length, bool masked)
    {
        var header = new WebSocketFrameHeader(true, WebSocketOpcode.Binary, masked, masked ? 0xA1B2C3D4u : 0, length, 0);
        var buffer = new byte[WebSocketFrameHeader.MaxLength];
        var written = header.Write(buffer);

        Assert.Equal(WebSocketFrameHeader.SizeOf(length, masked), written);
        Assert.Equal(OperationStatus.Done, WebSocketFrameHeader.TryRead(buffer.AsSpan(0, written), out var read));
        Assert.Equal(header with { HeaderLength = written }, read);
    }

    [Theory]
    [InlineData(new byte[] { 0xC1, 0x00 })] // RSV1 without a negotiated extension
    [InlineData(new byte[] { 0x83, 0x00 })] // reserved data opcode
    [InlineData(new byte[] { 0x8B, 0x00 })] // reserved control opcode
    [InlineData(new byte[] { 0x09, 0x00 })] // fragmented ping
    [InlineData(new byte[] { 0x88, 0x7E, 0x00, 0x7E })] // control frame over 125 bytes
    [InlineData(new byte[] { 0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0 })] // 64-bit length with its top bit set
    public void TryRead_ForbiddenHeader_IsInvalid(byte[] bytes)
    {
        Assert.Equal(OperationStatus.InvalidData, WebSocketFrameHeader.TryRead(bytes, out _));
    }
}
