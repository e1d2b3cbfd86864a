using Tandem.Client.Streams;
using Tandem.Media.Clock;

namespace Tandem.Client.Tests.Streams;

public class VideoReceiverTests
{
    private static readonly byte[] Key = [0, 0, 0, 1, 0x65, 1, 2, 3];
    private static readonly byte[] Delta = [0, 0, 0, 1, 0x41, 4, 5];

    private static bool Write(VideoReceiver receiver, byte[] unit, uint timestamp, bool isKeyframe, bool isDamaged = false, MediaInstant? presentation = null) =>
        receiver.Write(unit, timestamp, isKeyframe, isDamaged, MediaInstant.Zero, presentation);

    /// <summary>Lets the pump hand everything queued to the sink, and returns the sink failures.</summary>
    private static async Task<List<Exception>> DrainAsync(VideoReceiver receiver)
    {
        var failures = new List<Exception>();
        receiver.Complete();
        await receiver.RunAsync(failures.Add);
        return failures;
    }

    [Fact]
    public async Task Write_BeforeFirstKeyframe_DroppedThenDeliveredFromKeyframe()
    {
        var sink = new RecordingVideoSink();
        var receiver = new VideoReceiver(sink);

        Write(receiver, Delta, 100, isKeyframe: false);
        Write(receiver, Key, 200, isKeyframe: true, presentation: MediaInstant.FromElapsed(TimeSpan.FromSeconds(2)));
        Write(receiver, Delta, 300, isKeyframe: false);
        await DrainAsync(receiver);

        Assert.Equal([.. Key, .. Delta], sink.Bytes);
        Assert.Equal([true, false], sink.Frames.Select(f => f.Frame.IsKeyframe));
        Assert.Equal([200u, 300u], sink.Frames.Select(f => f.Frame.RtpTimestamp));
        Assert.Equal(MediaInstant.FromElapsed(TimeSpan.FromSeconds(2)), sink.Frames[0].Frame.PresentationTime);
        Assert.Null(sink.Frames[1].Frame.PresentationTime);
        Assert.Equal(2, receiver.Received.Frames);
        Assert.Equal(1, receiver.Received.Keyframes);
        Assert.Equal(1, receiver.Dropped);
    }

    [Fact]
    public async Task Write_Damaged_AsksForKeyframeOnceAndSkipsToIt()
    {
        var sink = new RecordingVideoSink();
        var receiver = new VideoReceiver(sink);
        Write(receiver, Key, 0, true);

        Assert.True(Write(receiver, Delta, 3000, false, isDamaged: true));
        Assert.False(Write(receiver, Delta, 6000, false));
        Assert.False(Write(receiver, Delta, 9000, false, isDamaged: true));
        Write(receiver, Key, 12000, true);
        await DrainAsync(receiver);

        Assert.Equal([.. Key, .. Key], sink.Bytes);
        Assert.Equal(3, receiver.Dropped);
    }

    [Fact]
    public async Task Write_SinkTooSlow_QueueFullDropsToNextKeyframeAndAsksForIt()
    {
        var sink = new RecordingVideoSink();
        var receiver = new VideoReceiver(sink);
        Write(receiver, Key, 0, true);
        for (uint i = 1; i < VideoReceiver.Capacity; i++)
        {
            Assert.False(Write(receiver, Delta, i * 3000, false));
        }

        Assert.True(Write(receiver, Delta, 1_000_000, false));
        Assert.False(Write(receiver, Delta, 1_003_000, false));
        await DrainAsync(receiver);

        Assert.Equal(VideoReceiver.Capacity, sink.Frames.Count);
        Assert.Equal(2, receiver.Dropped);
    }

    [Fact]
    public async Task Write_OlderTimestamp_DroppedAcrossWrapAround()
    {
        var sink = new RecordingVideoSink();
        var receiver = new VideoReceiver(sink);
        Write(receiver, Key, uint.MaxValue - 100, true);

        Write(receiver, Delta, 50, false);
        Write(receiver, Delta, uint.MaxValue - 1000, false);
        await DrainAsync(receiver);

        Assert.Equal([.. Key, .. Delta], sink.Bytes);
        Assert.Equal(1, receiver.Dropped);
    }

    [Fact]
    public async Task Reset_NewStream_WaitsForKeyframeAndAcceptsAnyTimestamp()
    {
        var sink = new RecordingVideoSink();
        var receiver = new VideoReceiver(sink);
        Write(receiver, Key, 90_000, true);

        receiver.Reset();
        Write(receiver, Delta, 10, false);
        Write(receiver, Key, 20, true);
        await DrainAsync(receiver);

        Assert.Equal([.. Key, .. Key], sink.Bytes);
    }

    [Fact]
    public async Task RunAsync_SinkThrows_ReportedOnceAndFramesStillCounted()
    {
        var sink = new RecordingVideoSink { FailWith = new IOException("disk full") };
        var receiver = new VideoReceiver(sink);
        Write(receiver, Key, 0, true);
        Write(receiver, Delta, 3000, false);

        var failures = await DrainAsync(receiver);

        Assert.Equal("disk full", Assert.Single(failures).Message);
        Assert.Equal(2, receiver.Received.Frames);
    }

    [Fact]
    public void Write_NoSink_OnlyCounts()
    {
        var receiver = new VideoReceiver(null);

        Write(receiver, Key, 0, true);

        Assert.Equal(Key.Length, receiver.Received.Bytes);
    }
}
