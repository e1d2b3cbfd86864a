using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tandem.Server.Logging;

namespace Tandem.Server.Tests.Logging;

public class LogBatchWriterTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void Append_ManyLinesThenDispose_OneWriteWithEveryLine()
    {
        using var stream = new RecordingStream();
        var expected = new StringBuilder();
        using (var writer = NewWriter(stream, 1024 * 1024, new FakeTimeProvider()))
        {
            for (var i = 0; i < 1000; i++)
            {
                var line = $"line {i}\n";
                expected.Append(line);
                writer.Append(Encoding.UTF8.GetBytes(line));
            }

            Assert.Equal(0, stream.Writes);
        }

        Assert.Equal(1, stream.Writes);
        Assert.Equal(expected.ToString(), stream.Text);
    }

    [Fact]
    public void Append_FlushIntervalPasses_WrittenWithoutDispose()
    {
        using var stream = new RecordingStream();
        var time = new FakeTimeProvider();
        using var writer = NewWriter(stream, 4096, time);
        writer.Append("first\n"u8);
        writer.Append("second\n"u8);
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, stream.Writes);

        time.Advance(TimeSpan.FromMilliseconds(1));
        stream.WaitForWrites(1);
        Assert.Equal("first\nsecond\n", stream.Text);
    }

    [Fact]
    public void Append_HalfFull_WrittenBeforeTheInterval()
    {
        using var stream = new RecordingStream();
        using var writer = NewWriter(stream, 256, new FakeTimeProvider());
        var line = Encoding.UTF8.GetBytes(new string('x', 99) + "\n");
        writer.Append(line);
        writer.Append(line);
        stream.WaitForWrites(1);
        Assert.Equal(200, stream.Text.Length);
    }

    [Fact]
    public void Append_OutputBlockedAndBufferFull_DropsWithoutBlockingThenReportsTheCount()
    {
        using var stream = new RecordingStream();
        var time = new FakeTimeProvider();
        var line = Encoding.UTF8.GetBytes(new string('a', 99) + "\n");
        using var writer = NewWriter(stream, 256, time);
        stream.Open.Reset();
        writer.Append("held\n"u8);
        time.Advance(Interval);
        Assert.True(stream.Entered.Wait(TimeSpan.FromSeconds(10)));

        for (var i = 0; i < 5; i++)
        {
            writer.Append(line);
        }

        Assert.Equal(3, writer.DroppedTotal);
        stream.Open.Set();
        stream.WaitForWrites(3);
        Assert.Equal("held\n" + Encoding.UTF8.GetString(line) + Encoding.UTF8.GetString(line) + "dropped 3\n", stream.Text);
    }

    [Fact]
    public void Append_AfterDispose_Ignored()
    {
        using var stream = new RecordingStream();
        var writer = NewWriter(stream, 4096, new FakeTimeProvider());
        writer.Append("before\n"u8);
        writer.Dispose();
        writer.Append("after\n"u8);
        writer.Dispose();
        Assert.Equal("before\n", stream.Text);
    }

    private static LogBatchWriter NewWriter(RecordingStream stream, int capacity, FakeTimeProvider time) =>
        new(stream, capacity, Interval, time, n => Encoding.UTF8.GetBytes($"dropped {n}\n"));
}
