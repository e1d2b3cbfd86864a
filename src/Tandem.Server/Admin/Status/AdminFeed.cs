using Tandem.Signaling.Hub;
using Tandem.Signaling.Status;

namespace Tandem.Server.Admin.Status;

/// <summary>
/// Takes one hub snapshot per second, keeps the chart history, and wakes the page's event streams:
/// however many pages are open, the hub is snapshotted once per tick.
/// </summary>
internal sealed class AdminFeed(SignalingHub hub, TimeProvider time) : BackgroundService
{
    /// <summary>Ten minutes of one-second samples.</summary>
    public const int HistorySeconds = 600;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Guards the history and the current snapshot; the timer tick and operator actions both publish.
    private readonly Lock _gate = new();
    private readonly SampleHistory _history = new(HistorySeconds);
    private StatusSnapshot? _latest;
    private TaskCompletionSource<StatusSnapshot> _next = NewSignal();

    /// <summary>The newest snapshot (taken now if none was yet).</summary>
    public StatusSnapshot Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest ??= hub.GetStatus();
            }
        }
    }

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
            return _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Publishes a fresh snapshot now (after an operator action), without adding a chart sample.</summary>
    public void Refresh() => Publish(sample: false);

    /// <summary>One tick: snapshot, sample, publish.</summary>
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
            snapshot = hub.GetStatus();
            if (sample)
            {
                _history.Add(snapshot);
            }

            _latest = snapshot;
            signal = _next;
            _next = NewSignal();
        }

        signal.TrySetResult(snapshot);
    }
}
