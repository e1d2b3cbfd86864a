using Microsoft.Extensions.Time.Testing;
using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Opus;
using Tandem.Media.Playout;
using Tandem.Testing;

namespace Tandem.Client.Tests.Streams;

public class AudioReceiverTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private const int FrameSamples = 320;
    private const uint Step = 960;
    private readonly FakeTimeProvider _time = new();

    internal static List<byte[]> TonePackets(int count)
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { ExpectedPacketLossPercent = 20 });
        var tone = new ToneGenerator(16_000, 440, 0.4);
        var pcm = new short[FrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var packets = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            tone.Fill(pcm);
            packets.Add(packet.AsSpan(0, encoder.Encode(pcm, packet)).ToArray());
        }

        return packets;
    }

    [Fact]
    public async Task Run_PacketsInOrder_SinkGetsEveryFrameWhenDueWithItsPresentationTime()
    {
        var sink = new RecordingAudioSink(AudioFormat.Voice16k);
        await using var receiver = new AudioReceiver(16_000, new MediaClock(_time), sink, _time);
        receiver.Reset(rtp => MediaInstant.FromElapsed(TimeSpan.FromTicks(rtp * TimeSpan.TicksPerSecond / 48_000)));
        var loop = receiver.RunAsync(e => Assert.Fail(e.Message));
        var packets = TonePackets(50);

        await PlayAsync(receiver, packets, lost: []);

        await Poll.WaitUntilAsync(() => sink.Frames.Count == 50, "50 frames in the sink", Wait);
        Assert.Equal(TimeSpan.FromSeconds(1), receiver.Duration);
        Assert.Equal(50 * FrameSamples, sink.Samples.Length);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(20 * i))), sink.Frames.Select(f => f.At));
        Assert.Equal(new OpusPlayoutStatistics(50, 0, 0), receiver.Statistics);
        Assert.Equal(50, receiver.Received.Frames);
        await receiver.DisposeAsync();
        await loop;
    }

    [Fact]
    public async Task Run_LostPackets_ConcealedAndRecoveredSoTimingHolds()
    {
        var sink = new RecordingAudioSink(AudioFormat.Voice16k);
        await using var receiver = new AudioReceiver(16_000, new MediaClock(_time), sink, _time);
        var loop = receiver.RunAsync(e => Assert.Fail(e.Message));

        await PlayAsync(receiver, TonePackets(20), lost: [5, 6, 7]);

        await Poll.WaitUntilAsync(() => sink.Frames.Count == 20, "20 frames in the sink", Wait);
        Assert.Equal(new OpusPlayoutStatistics(17, 1, 2), receiver.Statistics);
        Assert.Equal(TimeSpan.FromMilliseconds(400), receiver.Duration);
        await receiver.DisposeAsync();
        await loop;
    }

    [Fact]
    public async Task Reset_NewConnection_NewStreamPlaysFromItsOwnSequenceNumbers()
    {
        var sink = new RecordingAudioSink(AudioFormat.Voice16k);
        await using var receiver = new AudioReceiver(16_000, new MediaClock(_time), sink, _time);
        var loop = receiver.RunAsync(e => Assert.Fail(e.Message));
        var packets = TonePackets(10);
        await PlayAsync(receiver, packets[..5], lost: [], firstSequence: 40_000);
        await Poll.WaitUntilAsync(() => sink.Frames.Count == 5, "5 frames in the sink", Wait);

        // The new peer's stream starts just below the old one's numbers: without a reset, its packets would be "late".
        receiver.Reset(_ => null);
        await PlayAsync(receiver, packets[5..], lost: [], firstSequence: 39_990);

        await Poll.WaitUntilAsync(() => sink.Frames.Count == 10, "10 frames in the sink", Wait);
        Assert.Equal(TimeSpan.FromMilliseconds(200), receiver.Duration);
        await receiver.DisposeAsync();
        await loop;
    }

    [Fact]
    public async Task Run_SinkThrows_ReportedOnceAndAudioStillCounted()
    {
        var sink = new RecordingAudioSink(AudioFormat.Voice16k) { FailWith = new IOException("pipe closed") };
        var failures = new List<Exception>();
        await using var receiver = new AudioReceiver(16_000, new MediaClock(_time), sink, _time);
        var loop = receiver.RunAsync(e =>
        {
            lock (failures)
            {
                failures.Add(e);
            }
        });

        await PlayAsync(receiver, TonePackets(10), lost: []);

        await Poll.WaitUntilAsync(() => receiver.Duration == TimeSpan.FromMilliseconds(200), "200 ms played", Wait);
        Assert.Equal("pipe closed", Assert.Single(failures).Message);
        await receiver.DisposeAsync();
        await loop;
    }

    [Fact]
    public void Constructor_SinkOfAnotherFormat_ThrowsNamingBoth()
    {
        var sink = new RecordingAudioSink(new AudioFormat(48_000, 2, TimeSpan.FromMilliseconds(20)));

        var e = Assert.Throws<ArgumentException>(() => new AudioReceiver(16_000, new MediaClock(_time), sink, _time));

        Assert.Contains("48000 Hz with 2 channel(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("16000 Hz mono", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Inserts one packet per 20 ms of fake time, waiting each time until the loop caught up with the clock.</summary>
    private async Task PlayAsync(AudioReceiver receiver, List<byte[]> packets, int[] lost, int firstSequence = 65_530)
    {
        for (var i = 0; i < packets.Count + 25; i++)
        {
            if (i < packets.Count && !lost.Contains(i))
            {
                receiver.Write(packets[i], (uint)i * Step, unchecked((ushort)(firstSequence + i)));
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Yield();
        }
    }
}
