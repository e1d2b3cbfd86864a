namespace Tandem.WebRtc.Events;

/// <summary>
/// Events of one component raised in the order they were queued, outside the component's lock, by one
/// thread at a time. The component queues under its own lock (so the queue order is the order of its state
/// changes) and calls <see cref="Dispatch"/> after releasing it; a handler that calls back into the
/// component only queues more for the thread already dispatching. Used by the ICE agent, TURN allocations,
/// the SCTP association and the peer connection.
/// </summary>
/// <typeparam name="T">What is queued: an <see cref="Action"/>, or a struct where allocations matter.</typeparam>
internal sealed class SerialEventQueue<T>
{
    private readonly Queue<T> _pending = new();
    private readonly Action<T> _raise;

    // Guards _pending and _dispatching only, and is never held while an event runs: a leaf lock, taken
    // inside the owner's lock by Enqueue and alone by Dispatch.
    private readonly Lock _lock = new();
    private bool _dispatching;

    /// <summary>Creates a queue that raises each item with <paramref name="raise"/>.</summary>
    public SerialEventQueue(Action<T> raise) => _raise = raise;

    /// <summary>Queues an event; the caller holds its own lock, so events keep the order of the changes.</summary>
    public void Enqueue(T item)
    {
        lock (_lock)
        {
            _pending.Enqueue(item);
        }
    }

    /// <summary>Raises the queued events in order unless another thread is already doing so (it will raise them); call without holding the owner's lock.</summary>
    public void Dispatch()
    {
        while (true)
        {
            T next;
            lock (_lock)
            {
                if (_dispatching || !_pending.TryDequeue(out next!))
                {
                    return;
                }

                _dispatching = true;
            }

            try
            {
                _raise(next);
            }
            finally
            {
                lock (_lock)
                {
                    _dispatching = false;
                }
            }
        }
    }
}

/// <summary>Queues of <see cref="Action"/>s, the common case.</summary>
internal static class SerialEventQueue
{
    /// <summary>A queue whose items are the events themselves.</summary>
    public static SerialEventQueue<Action> OfActions() => new(static action => action());
}
