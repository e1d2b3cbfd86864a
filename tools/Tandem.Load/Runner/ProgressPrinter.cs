using System.Diagnostics;
using System.Globalization;

namespace Tandem.Load.Runner;

/// <summary>Prints one progress line a second to stderr while a phase runs.</summary>
public sealed class ProgressPrinter
{
    private readonly LoadStats _stats;
    private readonly TextWriter _output;

    /// <summary>Reports <paramref name="stats"/> to <paramref name="output"/>.</summary>
    public ProgressPrinter(LoadStats stats, TextWriter output)
    {
        _stats = stats;
        _output = output;
    }

    /// <summary>Prints until <paramref name="ct"/> is cancelled; <paramref name="total"/> is the goal in pairs.</summary>
    public async Task RunAsync(string phase, long total, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long lastPairs = 0, lastMessages = 0;
        var lastTime = TimeSpan.Zero;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var now = clock.Elapsed;
                var seconds = (now - lastTime).TotalSeconds;
                var pairs = _stats.PairsCompleted + _stats.PairsFailed;
                var messages = _stats.Messages;
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{phase} {now.TotalSeconds,6:F1}s] pairs {pairs}/{total} ({(pairs - lastPairs) / seconds:F0}/s)  msgs {(messages - lastMessages) / seconds:F0}/s  open {_stats.OpenConnections}  errors {_stats.ErrorCount}"));
                (lastPairs, lastMessages, lastTime) = (pairs, messages, now);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
