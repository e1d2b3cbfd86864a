using System.Buffers;
using System.Text;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

public class WebSocketFrameBuilderTests
{
    [Fact]
    public void EndMessage_SeveralMessages_ParseBackToBackWithFreshKeys()
    {
        var builder = new WebSocketFrameBuilder(64);
        string[] messages = ["{\"a\":1}", new string('x', 300), new string('y', 70_000)];
        foreach (var message in messages)
        {
            builder.BeginMessage().Write(Encoding.UTF8.GetBytes(message));
            builder.EndMessage();
        }

        Assert.Equal(3, builder.Count);
        var frames = builder.Frames.ToArray().AsSpan();
        var keys = new HashSet<uint>();
        foreach (var message in messages)
        {
            Assert.Equal(OperationStatus.Done, WebSocketFrameHeader.TryRead(frames, out var header));
            Assert.True(header.Fin);
            Assert.True(header.Masked);
            Assert.Equal(WebSocketOpcode.Text, header.Opcode);
            keys.Add(header.MaskKey);
            var payload = frames.Slice(header.HeaderLength, (int)header.PayloadLength);
            WebSocketMask.Apply(payload, payload, header.MaskKey);
            Assert.Equal(message, Encoding.UTF8.GetString(payload));
            frames = frames[(int)header.FrameLength..];
        }

        Assert.True(frames.IsEmpty);
        Assert.Equal(3, keys.Count);
    }

    [Fact]
    public void Clear_AfterFrames_StartsEmpty()
    {
        var builder = new WebSocketFrameBuilder();
        builder.Append(WebSocketOpcode.Ping, [1, 2]);

        builder.Clear();

        Assert.Equal(0, builder.Count);
        Assert.True(builder.Frames.IsEmpty);
    }
}
