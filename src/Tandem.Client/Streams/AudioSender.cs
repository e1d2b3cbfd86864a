using System.Buffers;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Opus;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// Pumps audio into the current peer connection — PCM from an <see cref="IAudioSource"/> (16 kHz mono,
/// 20 ms frames) through an <see cref="OpusEncoder"/>, or packets an application encoded itself from an
/// <see cref="IOpusSource"/> — each packet with the 48 kHz RTP timestamp of its capture instant
/// (RFC 7587 §4.1: Opus RTP always counts 48 kHz) on the shared <see cref="MediaClock"/>, and the SRs
/// (<see cref="ReportClock"/>) sampling that same clock: both inputs are lip-synced the same way. A PCM
/// frame read more than two frame durations after its capture (the reader stalled) is dropped, not sent
/// late (<see cref="StreamCounters.Stale"/>).
/// </summary>
public sealed class AudioSender
{
    /// <summary>The RTP clock rate of Opus (RFC 7587 §4.1).</summary>
    public const int OpusClockRate = 48_000;

    private readonly IAudioSource? _source;
    private readonly IOpusSource? _encoded;
    private readonly MediaClock _clock;

    /// <summary>Creates a sender that encodes <paramref name="source"/>, stamped on <paramref name="clock"/>.</summary>
    public AudioSender(IAudioSource source, MediaClock clock)
        : this(clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>Creates a sender for packets encoded by the application, stamped on <paramref name="clock"/>.</summary>
    public AudioSender(IOpusSource source, MediaClock clock)
        : this(clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        _encoded = source;
    }

    /// <summary>The sender a session's audio input calls for: none when audio is off or there is no input.</summary>
    /// <exception cref="ArgumentException">Both inputs are given.</exception>
    public static AudioSender? For(RtcFeatures features, MediaClock clock, IAudioSource? pcm, IOpusSource? encoded)
    {
        if (pcm is not null && encoded is not null)
        {
            throw new ArgumentException("Give the session PCM audio (audio) or encoded Opus (encodedAudio), not both.", nameof(encoded));
        }

        return !features.Audio ? null
            : pcm is not null ? new AudioSender(pcm, clock)
            : encoded is not null ? new AudioSender(encoded, clock)
            : null;
    }

    private AudioSender(MediaClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        RtpClock = clock.CreateRtpClock(OpusClockRate);
    }

    /// <summary>The 48 kHz RTP clock of the stream.</summary>
    public RtpClock RtpClock { get; }

    /// <summary>Told once when the PCM pump's thread could not get real-time priority (<see cref="RealtimeAudioThread"/>), with why.</summary>
    internal Action<string>? Note { get; set; }

    /// <summary>Packets the connection took.</summary>
    public StreamCounters Sent { get; } = new();

    /// <summary>SR timestamps of one instant of the capture clock (RFC 3550 §6.4.1).</summary>
    public RtpClockSample ReportClock()
    {
        var times = _clock.SampleSenderReportTimes(RtpClock);
        return new RtpClockSample(times.NtpTimestamp, times.RtpTimestamp);
    }

    /// <summary>
    /// Encodes and sends until the source ends or <paramref name="cancellationToken"/> fires. PCM is read,
    /// encoded and sent on a thread of its own (a paced source sleeps that thread between frames), never on the
    /// thread pool, at real-time priority where the system allows it (Linux <c>SCHED_RR</c>, as browsers run their
    /// audio threads; needs root or <c>CAP_SYS_NICE</c>, else a session note says why); encoded packets are forwarded
    /// as the application pushes them.
    /// </summary>
    public Task RunAsync(Func<PeerConnection?> target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _source is not null ? EncodeAndSendOnThread(_source, target, cancellationToken) : ForwardAsync(_encoded!, target, cancellationToken);
    }

    private async Task ForwardAsync(IOpusSource source, Func<PeerConnection?> target, CancellationToken cancellationToken)
    {
        var packet = ArrayPool<byte>.Shared.Rent(PushOpusSource.MaxPacketSize);
        try
        {
            while (await source.ReadPacketAsync(packet, cancellationToken).ConfigureAwait(false) is { } read)
            {
                await SendAsync(target, packet.AsMemory(0, read.Length), read.CaptureTime, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    // The PCM pump runs on its own thread, reading, encoding and sending synchronously: a microphone's cadence
    // must not wait for a thread-pool thread (on a busy machine those come tens to hundreds of milliseconds late,
    // and every late frame is a gap the receiver conceals and a jump in its jitter buffer and lip sync).
    private Task EncodeAndSendOnThread(IAudioSource source, Func<PeerConnection?> target, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (RealtimeAudioThread.TryRaiseCurrentThread() is { } why)
                {
                    Note?.Invoke(why);
                }

                EncodeAndSend(source, target, cancellationToken);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Tandem audio send",
        };
        thread.Start();
        return done.Task;
    }

    private void EncodeAndSend(IAudioSource source, Func<PeerConnection?> target, CancellationToken cancellationToken)
    {
        var format = source.Format;
        using var encoder = new OpusEncoder(new OpusEncoderOptions
        {
            SampleRate = format.SampleRate,
            Channels = format.Channels,
            FrameDuration = format.FrameDuration,
        });
        var pcm = ArrayPool<short>.Shared.Rent(format.FrameLength);
        var packet = ArrayPool<byte>.Shared.Rent(OpusEncoder.MaxPacketSize);
        try
        {
            while (Wait(source.ReadFrameAsync(pcm.AsMemory(0, format.FrameLength), cancellationToken)) is { } captured)
            {
                if (IsStale(captured, _clock.Now, format.FrameDuration))
                {
                    Sent.AddStale();
                    continue;
                }

                var length = encoder.Encode(pcm.AsSpan(0, format.FrameLength), packet);
                Wait(SendAsync(target, packet.AsMemory(0, length), captured, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            ArrayPool<short>.Shared.Return(pcm);
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Whether a PCM frame read at <paramref name="now"/> is too old to send: more than two frame durations
    /// after its capture instant, i.e. the reader stalled and the source handed it the frames it missed at
    /// once. The receiver has concealed those frames already; sent now, they would arrive as a burst that
    /// fills its jitter buffer above its target, and a buffer drains only down to the top of its target
    /// range (NetEq's accelerate), so the call would keep that extra audio delay — and the receiver's lip
    /// sync would hold every video frame back by as much. Dropping them costs a gap the receiver has
    /// already played over.
    /// </summary>
    internal static bool IsStale(MediaInstant captured, MediaInstant now, TimeSpan frameDuration) => now - captured > 2 * frameDuration;

    private async ValueTask SendAsync(Func<PeerConnection?> target, ReadOnlyMemory<byte> packet, MediaInstant captured, CancellationToken cancellationToken)
    {
        try
        {
            if (target() is { } pc && await pc.SendAudioAsync(packet, RtpClock.ToRtpTimestamp(captured), cancellationToken).ConfigureAwait(false))
            {
                Sent.Add(packet.Length);
            }
        }
        catch (ObjectDisposedException)
        {
            // The connection was replaced while this packet was on its way: drop it.
        }
    }
}
