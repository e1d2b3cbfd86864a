using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;

namespace Tandem.Client.Tests.Streams;

/// <summary>The PCM pump's thread: a microphone's cadence never waits for the thread pool.</summary>
public class AudioSenderThreadTests
{
    [Fact]
    public async Task RunAsync_PcmSource_ReadsEveryFrameOnItsOwnThread()
    {
        var clock = new MediaClock();
        await using var source = new ThreadRecordingSource(new ToneAudioSource(clock, new ToneGenerator(16_000, 440, 0.3), duration: TimeSpan.FromMilliseconds(200)));
        var sender = new AudioSender(source, clock);

        await sender.RunAsync(() => null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(10, source.Reads.Count(r => r.Frame));
        Assert.All(source.Reads, r => Assert.False(r.OnPool, "a frame was read on a thread-pool thread"));
        Assert.Single(source.Reads.Select(r => r.ThreadId).Distinct());
    }

    [Fact]
    public async Task RunAsync_PcmSource_ReadsOnARealtimeThreadOrSaysWhyNot()
    {
        var clock = new MediaClock();
        await using var source = new ThreadRecordingSource(new ToneAudioSource(clock, new ToneGenerator(16_000, 440, 0.3), duration: TimeSpan.FromMilliseconds(100)));
        var notes = new List<string>();
        var sender = new AudioSender(source, clock) { Note = notes.Add };

        await sender.RunAsync(() => null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        // With root or CAP_SYS_NICE (CI runs as root) the pump is real-time, as a browser's audio thread; without, it says so once.
        var policy = Assert.Single(source.Reads.Select(r => r.Policy).Distinct());
        if (policy == RealtimeAudioThread.SchedRoundRobin)
        {
            Assert.Empty(notes);
        }
        else
        {
            Assert.Equal(0, policy);
            Assert.Contains("SCHED_RR", Assert.Single(notes), StringComparison.Ordinal);
        }
    }

    private sealed class ThreadRecordingSource(IAudioSource inner) : IAudioSource
    {
        public List<(bool Frame, bool OnPool, int ThreadId, int Policy)> Reads { get; } = [];

        public AudioFormat Format => inner.Format;

        public async ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default)
        {
            var frame = await inner.ReadFrameAsync(destination, cancellationToken);
            Reads.Add((frame is not null, Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId, RealtimeAudioThread.CurrentPolicy()));
            return frame;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
