using Tandem.Client.Streams;

namespace Tandem.Client.Tests.Streams;

public class H264RecorderTests
{
    private static readonly byte[] Key = [0, 0, 0, 1, 0x65, 1, 2, 3];
    private static readonly byte[] Delta = [0, 0, 0, 1, 0x41, 4, 5];

    [Fact]
    public void Write_BeforeFirstKeyframe_DroppedThenRecordedFromKeyframe()
    {
        var output = new MemoryStream();
        using var recorder = new H264Recorder(output);

        recorder.Write(Delta, 100, isKeyframe: false, isDamaged: false);
        recorder.Write(Key, 200, isKeyframe: true, isDamaged: false);
        recorder.Write(Delta, 300, isKeyframe: false, isDamaged: false);

        Assert.Equal([.. Key, .. Delta], output.ToArray());
        Assert.Equal(2, recorder.Received.Frames);
        Assert.Equal(1, recorder.Received.Keyframes);
        Assert.Equal(1, recorder.Dropped);
    }

    [Fact]
    public void Write_Damaged_AsksForKeyframeOnceAndSkipsToIt()
    {
        var output = new MemoryStream();
        using var recorder = new H264Recorder(output);
        recorder.Write(Key, 0, true, false);

        Assert.True(recorder.Write(Delta, 3000, false, isDamaged: true));
        Assert.False(recorder.Write(Delta, 6000, false, false));
        Assert.False(recorder.Write(Delta, 9000, false, isDamaged: true));
        recorder.Write(Key, 12000, true, false);

        Assert.Equal([.. Key, .. Key], output.ToArray());
        Assert.Equal(3, recorder.Dropped);
    }

    [Fact]
    public void Write_OlderTimestamp_DroppedAcrossWrapAround()
    {
        var output = new MemoryStream();
        using var recorder = new H264Recorder(output);
        recorder.Write(Key, uint.MaxValue - 100, true, false);

        recorder.Write(Delta, 50, false, false);
        recorder.Write(Delta, uint.MaxValue - 1000, false, false);

        Assert.Equal([.. Key, .. Delta], output.ToArray());
        Assert.Equal(1, recorder.Dropped);
    }

    [Fact]
    public void Reset_NewStream_WaitsForKeyframeAndAcceptsAnyTimestamp()
    {
        var output = new MemoryStream();
        using var recorder = new H264Recorder(output);
        recorder.Write(Key, 90_000, true, false);

        recorder.Reset();
        recorder.Write(Delta, 10, false, false);
        recorder.Write(Key, 20, true, false);

        Assert.Equal([.. Key, .. Key], output.ToArray());
    }

    [Fact]
    public void Write_NoOutput_OnlyCounts()
    {
        using var recorder = new H264Recorder(null);

        recorder.Write(Key, 0, true, false);

        Assert.Equal(Key.Length, recorder.Received.Bytes);
    }
}
