using Tandem.Signaling.Hub;
using Tandem.Signaling.Status;

namespace Tandem.Server.Admin.Status;

/// <summary>
/// Keeps the chart history from the hub's totals once per second, and wakes the page's event streams:
/// however many pages are open, the hub is snapshotted once per tick, and not at all while none is.
/// A full snapshot sorts every connection and room and makes a record of each under the hub's lock:
/// taken once a second for nobody, at tens of thousands of connections it held that lock for a sort
/// and left megabytes of garbage a second old, old enough to reach the GC's oldest generation.
/// </summary>
internal sealed class AdminFeed(SignalingHub hub, TimeProvider time) : BackgroundService
{
    /// <summary>Ten minutes of one-second samples.</summary>
    public const int HistorySeconds = 600;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Guards the history, the signal and the waiter count; the timer tick and operator actions both publish.
    private readonly Lock _gate = new();
    private readonly SampleHistory _history = new(HistorySeconds);
    private TaskCompletionSource<StatusSnapshot> _next = NewSignal();

    // Calls of NextAsync since the last publication: a full snapshot is taken only when this is not 0.
    private int _waiting;

    /// <summary>The newest chart sample, if any.</summary>
    public Sample? LatestSample
    {
        get
        {
            lock (_gate)
            {
                return _history.Latest;
            }
        }
    }

    /// <summary>The chart history, oldest first.</summary>
    public IReadOnlyList<Sample> History()
    {
        lock (_gate)
        {
            return _history.ToList();
        }
    }

    /// <summary>Completes with the next published snapshot.</summary>
    public Task<StatusSnapshot> NextAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _waiting++;
            return _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Publishes a fresh snapshot now (after an operator action), without adding a chart sample.</summary>
    public void Refresh() => Publish(sample: false);

    /// <summary>One tick: sample, and publish when a page waits.</summary>
    internal void Tick() => Publish(sample: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Tick();
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static TaskCompletionSource<StatusSnapshot> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Publish(bool sample)
    {
        TaskCompletionSource<StatusSnapshot> signal;
        StatusSnapshot snapshot;
        lock (_gate)
        {
            if (sample)
            {
                _history.Add(hub.GetTotals());
            }

            if (_waiting == 0)
            {
                return;
            }

            snapshot = hub.GetStatus();
            _waiting = 0;
            signal = _next;
            _next = NewSignal();
        }

        signal.TrySetResult(snapshot);
    }
}
