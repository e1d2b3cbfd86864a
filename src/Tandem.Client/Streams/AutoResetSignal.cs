using System.Threading.Tasks.Sources;

namespace Tandem.Client.Streams;

/// <summary>
/// An awaitable auto-reset event for one waiter, without allocations: the playout loop waits on it,
/// and a received packet or a due timer wakes it. A <see cref="Set"/> with nobody waiting is kept for
/// the next <see cref="WaitAsync"/>, so a wake-up between "nothing due" and "wait" is never lost.
/// </summary>
internal sealed class AutoResetSignal : IValueTaskSource
{
    // Guards _set and _waiting; SetResult runs outside it so the waiter's continuation never runs under it.
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private bool _set;
    private bool _waiting;

    /// <summary>Completes when <see cref="Set"/> is (or was) called; one caller at a time.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_set)
            {
                _set = false;
                return ValueTask.CompletedTask;
            }

            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    /// <summary>Wakes the waiter, or the next one to wait.</summary>
    public void Set()
    {
        lock (_lock)
        {
            if (!_waiting)
            {
                _set = true;
                return;
            }

            _waiting = false;
        }

        _core.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
