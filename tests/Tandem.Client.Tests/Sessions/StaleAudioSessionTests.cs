using Tandem.Client.Sessions;
using Tandem.Client.Streams;
using Tandem.Client.Tests.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Server.Tests.TestSupport;
using Tandem.WebRtc.PeerConnections;
using static Tandem.Client.Tests.Sessions.PeerSessionTests;
using static Tandem.Client.Tests.Sessions.SessionHarness;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// A device whose audio reader stalls gets the frames it missed from the microphone at once. Those the
/// receiver has already concealed are not sent: a burst of them would sit in the receiver's jitter buffer
/// for the rest of the call (and hold the video back with it through lip sync).
/// </summary>
public class StaleAudioSessionTests
{
    private const uint SamplesPerFrame = 960; // 20 ms at Opus's 48 kHz RTP clock.

    [Theory]
    [InlineData(0, false)]
    [InlineData(40, false)]
    [InlineData(41, true)]
    [InlineData(300, true)]
    public void IsStale_MoreThanTwoFramesAfterCapture(int lateMilliseconds, bool stale)
    {
        var clock = new MediaClock();
        var captured = clock.Now;
        var now = captured.Add(TimeSpan.FromMilliseconds(lateMilliseconds));

        Assert.Equal(stale, AudioSender.IsStale(captured, now, TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task DeviceAudio_ReaderStalls_FramesItMissedAreNotSentAndLaterOnesAre()
    {
        await using var server = await ServerHost.StartAsync();
        var clock = new MediaClock();
        var features = new RtcFeatures { Video = false, DataChannel = false };
        await using var mic = new StallingAudioSource(new ToneAudioSource(clock, new ToneGenerator(16_000, 440, 0.3)));
        await using var device = new DeviceSession(Options(server, "glasses_stale", features), clock, video: null, audio: mic);
        await using var app = new AppSession(Options(server, "app_stale", features), new MediaClock(), audioOutput: new RecordingAudioSink(AudioFormat.Voice16k));
        var timestamps = new ReceivedAudioTimestamps(app);

        await device.StartAsync();
        await WaitJoinedAsync(server, device);
        await app.StartAsync();
        await WaitUntilAsync(() => timestamps.Count >= 25, "25 audio packets at the app");
        var staleBefore = device.AudioSent.Stale;
        mic.StallNextRead(TimeSpan.FromMilliseconds(300));
        var before = timestamps.Count;
        await WaitUntilAsync(() => mic.Stalled && timestamps.Count >= before + 40, "40 more audio packets after the stall");

        // The stall put ~15 frames behind; all but the last two were dropped, and what followed was sent.
        Assert.True(device.AudioSent.Stale - staleBefore >= 10, $"{device.AudioSent.Stale - staleBefore} frames dropped as stale");
        var received = timestamps.Snapshot();
        var widest = received.Zip(received.Skip(1), (a, b) => b - a).Max();

        Assert.True(widest >= 10 * SamplesPerFrame, $"the widest step between received packets is {widest / SamplesPerFrame} frames");
    }

    /// <summary>A microphone whose reader is held up once, as a busy thread pool holds up the audio loop.</summary>
    private sealed class StallingAudioSource(IAudioSource inner) : IAudioSource
    {
        private long _stallTicks;
        private volatile bool _stalled;

        public AudioFormat Format => inner.Format;

        public bool Stalled => _stalled;

        public void StallNextRead(TimeSpan stall) => Interlocked.Exchange(ref _stallTicks, stall.Ticks);

        public async ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _stallTicks, 0) is > 0 and var ticks)
            {
                await Task.Delay(TimeSpan.FromTicks(ticks), cancellationToken);
                _stalled = true;
            }

            return await inner.ReadFrameAsync(destination, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
