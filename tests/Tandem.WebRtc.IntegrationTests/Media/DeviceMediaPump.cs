extern alias TandemMedia;

using System.Collections.Concurrent;
using System.Diagnostics;
using TandemMedia::Tandem.Media.Clock;
using TandemMedia::Tandem.Media.Opus;
using Tandem.Client.Streams;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>One video frame handed to <see cref="PeerConnection.SendVideoAsync"/>.</summary>
/// <param name="Frame">What the camera gave.</param>
/// <param name="Capture">Its capture instant.</param>
/// <param name="RtpTimestamp">Its 90 kHz RTP timestamp.</param>
/// <param name="SentAt">When it was handed over (<see cref="Stopwatch"/> timestamp).</param>
/// <param name="Accepted">What SendVideoAsync returned.</param>
public readonly record struct SentFrame(CameraFrame Frame, MediaInstant Capture, uint RtpTimestamp, long SentAt, bool Accepted);

/// <summary>
/// The device's capture loops: camera frames paced at 30 fps and 20 ms Opus packets (16 kHz mono,
/// Tandem.Media's encoder), both stamped from one <see cref="MediaTimebase"/> starting at one
/// instant (<see cref="Start"/>), pushed through our <see cref="PeerConnection"/>.
/// </summary>
public sealed class DeviceMediaPump(PeerConnection peer, MediaTimebase time, TestCamera? camera, ITestAudio? audio)
{
    public const int SampleRate = 16_000;
    private static readonly TimeSpan AudioFrame = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentQueue<SentFrame> _frames = new();
    private int _audioSent;
    private int _audioAccepted;

    /// <summary>
    /// How long after its capture instant a video frame is handed over: a real camera's capture and
    /// hardware encoder take tens of milliseconds, while its RTP timestamp stays the capture instant.
    /// </summary>
    public TimeSpan VideoLatency { get; init; }

    /// <summary>The capture instant of the first video frame and of the first audio sample.</summary>
    public MediaInstant Start { get; private set; }

    public IReadOnlyList<SentFrame> Frames => [.. _frames];

    public int AudioPacketsSent => Volatile.Read(ref _audioSent);

    public int AudioPacketsAccepted => Volatile.Read(ref _audioAccepted);

    /// <summary>The latest an audio packet left after its 20 ms were captured (scheduling delay on a busy machine).</summary>
    public TimeSpan MaxAudioLateness { get; private set; }

    /// <summary>Why the audio loop runs without real-time priority, or null when it has it (or there is no audio).</summary>
    public string? AudioPriorityRefused { get; private set; }

    /// <summary>
    /// Sends for <paramref name="duration"/> of capture time. Each loop has a thread of its own, as a
    /// capture device's callbacks do: a busy thread pool must not bunch packets up (jitter the
    /// receiver would buffer against).
    /// </summary>
    public async Task RunAsync(TimeSpan duration, CancellationToken cancel = default)
    {
        Start = time.Clock.Now;
        await Task.WhenAll(
            camera is null ? Task.CompletedTask : OnOwnThread(() => VideoLoop(camera, duration, cancel), cancel),
            audio is null ? Task.CompletedTask : OnOwnThread(() => AudioLoop(audio, duration, cancel), cancel));
    }

    private static Task OnOwnThread(Action loop, CancellationToken cancel) =>
        Task.Factory.StartNew(loop, cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void VideoLoop(TestCamera source, TimeSpan duration, CancellationToken cancel)
    {
        for (var n = 0; MediaClips.FrameTime(n) < duration; n++)
        {
            var capture = Start + MediaClips.FrameTime(n);
            DelayUntil(capture + VideoLatency, cancel);
            var frame = source.Next();
            var rtp = time.Video.ToRtpTimestamp(capture);
            var sentAt = Stopwatch.GetTimestamp();
            var accepted = peer.SendVideoAsync(frame.AccessUnit, rtp, cancel).AsTask().GetAwaiter().GetResult();
            _frames.Enqueue(new SentFrame(frame, capture, rtp, sentAt, accepted));
        }
    }

    // A packet leaves once its 20 ms are captured; its RTP timestamp is its first sample's instant. The loop's thread has
    // real-time priority, as a device's audio thread has (the SDK's AudioSender asks for it the same way): at the ordinary
    // policy a loaded machine woke it up to 140 ms late, a burst of audio Chromium's jitter buffer then grew for.
    private void AudioLoop(ITestAudio source, TimeSpan duration, CancellationToken cancel)
    {
        AudioPriorityRefused = RealtimeAudioThread.TryRaiseCurrentThread();
        using var encoder = new OpusEncoder(new OpusEncoderOptions { SampleRate = SampleRate });
        var pcm = new short[encoder.FrameSamples];
        var opus = new byte[OpusEncoder.MaxPacketSize];
        for (var n = 0; AudioFrame * n < duration; n++)
        {
            var capture = Start + (AudioFrame * n);
            DelayUntil(capture + AudioFrame, cancel);
            var lateness = time.Clock.Now - (capture + AudioFrame);
            MaxAudioLateness = lateness > MaxAudioLateness ? lateness : MaxAudioLateness;
            source.Fill((long)n * encoder.FrameSamples, pcm);
            var length = encoder.Encode(pcm, opus);
            var accepted = peer.SendAudioAsync(opus.AsMemory(0, length), time.Audio.ToRtpTimestamp(capture), cancel).AsTask().GetAwaiter().GetResult();
            Interlocked.Increment(ref _audioSent);
            if (accepted)
            {
                Interlocked.Increment(ref _audioAccepted);
            }
        }
    }

    private void DelayUntil(MediaInstant due, CancellationToken cancel)
    {
        var wait = due - time.Clock.Now;
        if (wait > TimeSpan.Zero && cancel.WaitHandle.WaitOne(wait))
        {
            cancel.ThrowIfCancellationRequested();
        }
    }
}
