using Tandem.WebRtc.DataChannels;

namespace Tandem.WebRtc.Tests.DataChannels;

public sealed class DcepOpenMessageTests
{
    [Theory]
    [InlineData(nameof(DcepChannelType.Reliable), 0u, "chat", "")]
    [InlineData(nameof(DcepChannelType.ReliableUnordered), 0u, "", "proto")]
    [InlineData(nameof(DcepChannelType.PartialReliableRexmit), 3u, "ünïcode", "x")]
    [InlineData(nameof(DcepChannelType.PartialReliableRexmitUnordered), 0u, "a", "b")]
    [InlineData(nameof(DcepChannelType.PartialReliableTimed), 150u, "t", "")]
    [InlineData(nameof(DcepChannelType.PartialReliableTimedUnordered), 65535u, "tu", "p")]
    public void RoundTrip_KeepsFields(string typeName, uint reliability, string label, string protocol)
    {
        var type = Enum.Parse<DcepChannelType>(typeName);
        var open = new DcepOpenMessage(type, 256, reliability, label, protocol);
        var buffer = new byte[open.Length];

        Assert.Equal(open.Length, open.WriteTo(buffer));
        Assert.True(DcepOpenMessage.TryParse(buffer, out var parsed));
        Assert.Equal(open, parsed);
        Assert.Equal(((byte)type & 0x80) != 0, parsed!.Unordered);
    }

    [Fact]
    public void Parse_Rfc8832Layout_ReadsBigEndianFields()
    {
        byte[] wire = [0x03, 0x81, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x00, 0x01, (byte)'h', (byte)'i', (byte)'p'];

        Assert.True(DcepOpenMessage.TryParse(wire, out var open));
        Assert.Equal(DcepChannelType.PartialReliableRexmitUnordered, open!.ChannelType);
        Assert.Equal(256, open.Priority);
        Assert.Equal(5u, open.ReliabilityParameter);
        Assert.Equal("hi", open.Label);
        Assert.Equal("p", open.Protocol);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x02 })]
    [InlineData(new byte[] { 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0 })]
    [InlineData(new byte[] { 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Parse_Garbage_ReturnsFalse(byte[] wire) => Assert.False(DcepOpenMessage.TryParse(wire, out _));

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        var random = new Random(3);
        var accepted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(40)];
            random.NextBytes(data);
            accepted += DcepOpenMessage.TryParse(data, out _) ? 1 : 0;
        }

        Assert.True(accepted < 2000);
    }
}
