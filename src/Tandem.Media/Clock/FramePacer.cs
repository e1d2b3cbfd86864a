namespace Tandem.Media.Clock;

/// <summary>
/// Hands out the capture instants of a fixed-rate stream (frame n at <c>start + n × interval</c>)
/// and, when paced, waits on the clock's <see cref="TimeProvider"/> until each is due. The schedule
/// never drifts: a late wake-up shortens the next wait instead of shifting every later frame. A reader
/// that falls behind by whole intervals gets every missed instant at once (a file or a microphone's
/// buffer has those frames), unless the pacer skips missed slots, as a live camera does: it has no
/// picture for a slot nobody read, so a late reader gets the latest slot instead of a burst of old ones.
/// Paced on the system clock, a reader on its own thread waits by sleeping it (no timer, no pool thread).
/// Not thread-safe: one reader at a time.
/// </summary>
internal sealed class FramePacer
{
    private readonly MediaClock _clock;
    private readonly double _intervalTicks;
    private readonly bool _skipMissed;
    private MediaInstant _start;
    private long _frames = -1;

    /// <summary>Creates a pacer.</summary>
    /// <param name="clock">The capture clock.</param>
    /// <param name="interval">Time between frames (20 ms for voice, 1/fps for video).</param>
    /// <param name="paced">When false, instants are handed out at once (file conversion, tests).</param>
    public FramePacer(MediaClock clock, TimeSpan interval, bool paced)
        : this(clock, interval.Ticks, paced)
    {
    }

    private FramePacer(MediaClock clock, double intervalTicks, bool paced, bool skipMissed = false)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalTicks, 1);
        _clock = clock;
        _intervalTicks = intervalTicks;
        Interval = TimeSpan.FromTicks((long)intervalTicks);
        Paced = paced;
        _skipMissed = skipMissed;
    }

    /// <summary>
    /// Creates a pacer for <paramref name="framesPerSecond"/>; frame n is due at exactly n ÷ fps
    /// (rounded to 100 ns), so a rounded interval never accumulates drift. With <paramref name="skipMissed"/>
    /// (a live camera, paced), a reader late by one interval or more gets the latest due slot, and the
    /// slots it missed count in <see cref="Skipped"/>.
    /// </summary>
    public static FramePacer ForRate(MediaClock clock, double framesPerSecond, bool paced, bool skipMissed = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(framesPerSecond, 0);
        return new FramePacer(clock, TimeSpan.TicksPerSecond / framesPerSecond, paced, skipMissed);
    }

    /// <summary>Time between frames (rounded down to 100 ns; the schedule itself does not round).</summary>
    public TimeSpan Interval { get; }

    /// <summary>Whether <see cref="NextAsync"/> waits until each frame is due.</summary>
    public bool Paced { get; }

    /// <summary>Frames handed out so far.</summary>
    public long Count => _frames + 1 - Skipped;

    /// <summary>Slots skipped because the reader was late (only when skipping missed slots).</summary>
    public long Skipped { get; private set; }

    /// <summary>Returns the next frame's capture instant, after waiting for it when paced.</summary>
    public async ValueTask<MediaInstant> NextAsync(CancellationToken cancellationToken = default)
    {
        if (++_frames == 0)
        {
            _start = _clock.Now;
        }

        var due = Slot(_frames);
        if (Paced)
        {
            var wait = due - _clock.Now;
            if (wait > TimeSpan.Zero)
            {
                if (SleepsItsThread)
                {
                    Sleep(wait, cancellationToken);
                }
                else
                {
                    await Task.Delay(wait, _clock.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (_skipMissed && -wait.Ticks >= _intervalTicks)
            {
                var missed = (long)(-wait.Ticks / _intervalTicks);
                _frames += missed;
                Skipped += missed;
                due = Slot(_frames);
            }
        }

        return due;
    }

    /// <summary>
    /// Whether a wait blocks the calling thread instead of awaiting a timer: on the system clock, for a reader on
    /// its own thread (not the pool). A timer's wake-up is queued to the thread pool, which on a busy machine
    /// runs it tens to hundreds of milliseconds late (the audio pump's stalls in bench/latency.sh); a thread
    /// sleeping by itself wakes when the scheduler gives it the CPU.
    /// </summary>
    private bool SleepsItsThread => !Thread.CurrentThread.IsThreadPoolThread && _clock.TimeProvider == TimeProvider.System;

    private static void Sleep(TimeSpan wait, CancellationToken cancellationToken)
    {
        // Rounded up: waking before the slot would hand out an instant that is not due yet.
        var milliseconds = (int)Math.Ceiling(wait.TotalMilliseconds);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.WaitHandle.WaitOne(milliseconds);
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            Thread.Sleep(milliseconds);
        }
    }

    private MediaInstant Slot(long frame) => _start.Add(TimeSpan.FromTicks((long)Math.Round(frame * _intervalTicks)));
}
