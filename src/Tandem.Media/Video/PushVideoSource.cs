using System.Threading.Channels;
using Tandem.Media.Clock;
using Tandem.Media.H264;

namespace Tandem.Media.Video;

/// <summary>
/// The video source an application pushes its encoder's output into: the glasses' hardware encoder
/// calls <see cref="TryWriteFrame"/> from its own callback with each access unit and the instant the
/// picture was captured, and listens to <see cref="KeyframeRequested"/> to make its next picture an IDR.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="TryWriteFrame"/> and <see cref="Complete"/> may be called from any thread
/// (one writer at a time); one reader calls <see cref="ReadFrameAsync"/>. <see cref="KeyframeRequested"/>
/// is raised on the thread that asks (the RTCP receive path): do not block in it — set a flag the
/// encoder reads, as hardware encoder APIs expect.</para>
/// <para>Back-pressure: at most <see cref="Capacity"/> frames wait to be sent. A frame that finds the
/// queue full is dropped, and since every later P-frame refers to it, the frames after it are dropped
/// too until the next keyframe, which is asked for at once. Nothing else is ever dropped.</para>
/// <para>Keyframe requests are coalesced: one is raised, then further requests (PLI/FIR storms) are
/// held back until a keyframe is written, or until <see cref="KeyframeRetryInterval"/> has passed
/// without one (the encoder may have missed it).</para>
/// </remarks>
public sealed class PushVideoSource : IVideoSource
{
    private readonly Channel<VideoFrame> _frames;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _index;
    private long _dropped;
    private bool _waitingForKeyframe;
    private bool _completed;
    private long? _keyframeAskedAt;
    private int _targetBitrate;

    /// <summary>Creates the source.</summary>
    /// <param name="frameRate">The encoder's nominal frames per second.</param>
    /// <param name="capacity">Frames that may wait to be sent before new ones are dropped (at least 1).</param>
    /// <param name="timeProvider">The clock of the keyframe retry interval; the system's when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive or the capacity is below 1.</exception>
    public PushVideoSource(double frameRate, int capacity = 8, TimeProvider? timeProvider = null)
    {
        if (!double.IsFinite(frameRate) || frameRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive number of frames per second.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        FrameRate = frameRate;
        Capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
        _frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <inheritdoc />
    public double FrameRate { get; }

    /// <summary>Frames that may wait to be sent.</summary>
    public int Capacity { get; }

    /// <summary>
    /// The <c>profile-level-id</c> (RFC 6184 §8.1) the application's encoder is configured for, e.g.
    /// <c>42e01f</c>; a session then offers it before the first frame. When null, the first SPS tells.
    /// </summary>
    public string? ProfileLevelId { get; init; }

    /// <summary>How long a raised keyframe request may go unanswered before the next request is raised again (default 1 s).</summary>
    public TimeSpan KeyframeRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Frames dropped: written to a full queue, or after such a frame until the next keyframe.</summary>
    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>Raised when the receiver (PLI/FIR) or this source needs the next picture to be an IDR.</summary>
    public event Action? KeyframeRequested;

    /// <summary>
    /// Queues one H.264 Annex-B access unit (copied; the caller keeps its buffer) captured at
    /// <paramref name="captureTime"/> on the session's <see cref="MediaClock"/>.
    /// </summary>
    /// <returns>True when queued; false when dropped (see the remarks) or after <see cref="Complete"/>.</returns>
    /// <exception cref="ArgumentException">The access unit is empty.</exception>
    public bool TryWriteFrame(ReadOnlySpan<byte> accessUnit, MediaInstant captureTime)
    {
        if (accessUnit.IsEmpty)
        {
            throw new ArgumentException("An access unit holds at least one NAL unit.", nameof(accessUnit));
        }

        var unit = H264AccessUnit.CopyFrom(accessUnit);
        bool askForKeyframe;
        lock (_gate)
        {
            if (_completed)
            {
                unit.Dispose();
                return false;
            }

            if (unit.IsKeyframe)
            {
                _waitingForKeyframe = false;
                _keyframeAskedAt = null;
            }

            var frame = _waitingForKeyframe ? null : new VideoFrame(unit, captureTime, _index);
            if (frame is not null && _frames.Writer.TryWrite(frame))
            {
                _index++;
                return true;
            }

            // Dropped: every later P-frame refers to this one, so wait for the next IDR and ask for it.
            unit.Dispose();
            _dropped++;
            _waitingForKeyframe = true;
            askForKeyframe = ShouldRaise();
        }

        if (askForKeyframe)
        {
            KeyframeRequested?.Invoke();
        }

        return false;
    }

    /// <summary>Ends the stream: the reader gets null once the queued frames are sent.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _frames.Writer.TryComplete();
        }
    }

    /// <inheritdoc />
    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        while (await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_frames.Reader.TryRead(out var frame))
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>
    /// Raised, on the thread that learnt it (the RTCP receive path), with the network's new target for the
    /// video in bits per second: hand it to the encoder (e.g. a hardware encoder's bitrate control) without blocking.
    /// </summary>
    public event Action<int>? TargetBitrateChanged;

    /// <summary>The last target given to <see cref="SetTargetBitrate"/>, or null before the first.</summary>
    public int? TargetBitrate => Volatile.Read(ref _targetBitrate) is var value and > 0 ? value : null;

    /// <summary>Records the network's target and raises <see cref="TargetBitrateChanged"/> when it changed.</summary>
    public void SetTargetBitrate(int bitsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitsPerSecond, 1);
        if (Interlocked.Exchange(ref _targetBitrate, bitsPerSecond) != bitsPerSecond)
        {
            TargetBitrateChanged?.Invoke(bitsPerSecond);
        }
    }

    /// <summary>Raises <see cref="KeyframeRequested"/> unless a request is already out and not yet overdue.</summary>
    public void RequestKeyframe()
    {
        bool raise;
        lock (_gate)
        {
            raise = ShouldRaise();
        }

        if (raise)
        {
            KeyframeRequested?.Invoke();
        }
    }

    /// <summary>Ends the stream and frees the frames still queued.</summary>
    public ValueTask DisposeAsync()
    {
        Complete();
        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    // Under _gate. Coalesces requests while one is out and younger than the retry interval.
    private bool ShouldRaise()
    {
        var now = _time.GetTimestamp();
        if (_keyframeAskedAt is { } asked && _time.GetElapsedTime(asked, now) < KeyframeRetryInterval)
        {
            return false;
        }

        _keyframeAskedAt = now;
        return true;
    }
}
