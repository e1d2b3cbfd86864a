using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Media.Tests.Video;

public class AnnexBVideoSinkTests
{
    [Fact]
    public async Task WriteFrameAsync_Units_AppendedInOrderAndFlushedOnDispose()
    {
        var output = new MemoryStream();
        var sink = new AnnexBVideoSink(output);
        byte[] key = [0, 0, 0, 1, 0x65, 1], delta = [0, 0, 0, 1, 0x41, 2];

        await sink.WriteFrameAsync(new ReceivedVideoFrame(key, true, 0, MediaInstant.Zero, null));
        await sink.WriteFrameAsync(new ReceivedVideoFrame(delta, false, 3000, MediaInstant.Zero, null));
        await sink.DisposeAsync();

        Assert.False(output.CanWrite);
        Assert.Equal([.. key, .. delta], output.ToArray());
        Assert.Equal(2, sink.FramesWritten);
    }
}
