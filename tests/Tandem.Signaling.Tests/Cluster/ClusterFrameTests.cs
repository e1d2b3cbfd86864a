using System.Text;
using Tandem.Signaling.Cluster;

namespace Tandem.Signaling.Tests.Cluster;

public class ClusterFrameTests
{
    [Fact]
    public void WriteThenParse_EveryField_RoundTrips()
    {
        var payload = Encoding.UTF8.GetBytes("{\"type\":\"ice\",\"data\":{\"n\":\"ü\"}}");
        var bytes = ClusterFrame.Write(ClusterFrameKind.Close, 4005, "node-ä1", "c42", "room timeout", payload);

        Assert.True(ClusterFrame.TryParse(bytes, out var frame));
        Assert.Equal(ClusterFrameKind.Close, frame.Kind);
        Assert.Equal(4005, frame.Code);
        Assert.Equal("node-ä1", frame.Edge);
        Assert.Equal("c42", frame.Connection);
        Assert.Equal("room timeout", frame.Text);
        Assert.Equal(payload, frame.Payload.ToArray());
    }

    [Fact]
    public void Parse_EveryTruncation_RefusedWithoutThrowing()
    {
        var bytes = ClusterFrame.Write(ClusterFrameKind.Attach, 0, "node-1", "c7", "glasses_1", []);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(ClusterFrame.TryParse(bytes.AsSpan(0, length), out _), $"a frame cut to {length} bytes was accepted");
        }

        Assert.True(ClusterFrame.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 7, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 0, 0, 200, 1, 2 })]
    public void Parse_UnknownKindOrOverlongString_Refused(byte[] bytes)
    {
        Assert.False(ClusterFrame.TryParse(bytes, out _));
    }

    [Fact]
    public void Write_StringOver255Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClusterFrame.Write(ClusterFrameKind.Message, 0, new string('n', 256), "c1", "", []));
    }
}
