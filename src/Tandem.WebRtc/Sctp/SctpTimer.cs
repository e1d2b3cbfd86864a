namespace Tandem.WebRtc.Sctp;

/// <summary>
/// A restartable one-shot timer on a <see cref="TimeProvider"/>. The owner calls <see cref="Start"/>/<see cref="Stop"/>
/// under its lock and, when the callback fires, calls <see cref="TryExpire"/> under the same lock: a callback
/// that raced with a Stop or a restart is ignored there, so stale expiries never act.
/// </summary>
internal sealed class SctpTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _deadline;

    public SctpTimer(TimeProvider time, Action<SctpTimer> fired)
    {
        _time = time;
        _timer = time.CreateTimer(static s => ((SctpTimer)s!).Fired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        OnFired = fired;
    }

    public bool IsRunning { get; private set; }

    /// <summary>Back-off counter for timers that double their period (T1, T2, RE-CONFIG).</summary>
    public int Attempts { get; set; }

    private Action<SctpTimer> OnFired { get; }

    public void Start(TimeSpan due)
    {
        IsRunning = true;
        _deadline = _time.GetTimestamp() + (long)(due.TotalSeconds * _time.TimestampFrequency);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void Stop()
    {
        IsRunning = false;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Returns true (and marks the timer stopped) when it is armed and its deadline has passed.</summary>
    public bool TryExpire()
    {
        if (!IsRunning)
        {
            return false;
        }

        var remaining = _deadline - _time.GetTimestamp();
        if (remaining > 0)
        {
            _timer.Change(TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            return false;
        }

        IsRunning = false;
        return true;
    }

    public void Dispose() => _timer.Dispose();

    private void Fired() => OnFired(this);
}
