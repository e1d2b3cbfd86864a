using System.Buffers.Binary;
using System.Text;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

public class WebSocketMaskTests
{
    [Fact]
    public void Apply_RfcMaskedHello_Unmasks()
    {
        // RFC 6455 §5.7: 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58 contains "Hello".
        var key = BinaryPrimitives.ReadUInt32LittleEndian([0x37, 0xfa, 0x21, 0x3d]);
        byte[] payload = [0x7f, 0x9f, 0x4d, 0x51, 0x58];

        WebSocketMask.Apply(payload, payload, key);

        Assert.Equal("Hello", Encoding.ASCII.GetString(payload));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(4321)]
    public void Apply_AnyLength_MatchesBytewiseXorAndUndoesItself(int length)
    {
        var input = new byte[length];
        new Random(length).NextBytes(input);
        const uint key = 0x9C3A51E7;
        var masked = new byte[length];

        WebSocketMask.Apply(input, masked, key);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal((byte)(input[i] ^ (key >> (8 * (i % 4)))), masked[i]);
        }

        WebSocketMask.Apply(masked, masked, key);
        Assert.Equal(input, masked);
    }
}
