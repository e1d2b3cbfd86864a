using System.Globalization;
using Tandem.Server.Configuration;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Hosting;

/// <summary>Logs a forwarding summary every <c>Signaling:StatsIntervalSeconds</c> (requirements §1(7)).</summary>
internal sealed partial class StatsLogger(SignalingHub hub, ServerSettings settings, TimeProvider time, ILogger<StatsLogger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.StatsInterval, time);
        var lastTotal = hub.Metrics.ForwardedTotal;
        var lastTime = time.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var status = hub.GetTotals().Totals;
                var total = status.ForwardedByType.Values.Sum();
                var now = time.GetTimestamp();
                var rate = (total - lastTotal) / Math.Max(time.GetElapsedTime(lastTime, now).TotalSeconds, 1e-9);
                (lastTotal, lastTime) = (total, now);
                LogStats(
                    status.Connections,
                    status.RoomsWaiting,
                    status.RoomsPaired,
                    Format(status.ForwardedByType),
                    rate,
                    Format(status.ErrorsByCode.Where(e => e.Value > 0).ToDictionary(e => e.Key.ToString(CultureInfo.InvariantCulture), e => e.Value)),
                    status.Pairs,
                    status.RoomTimeouts,
                    status.Resumes);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static string Format(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(' ', counts.Select(kv => $"{kv.Key}={kv.Value}"));

    [LoggerMessage(100, LogLevel.Information, "stats: {Connections} connections, rooms {Waiting} waiting / {Paired} paired; forwarded {Forwarded} ({Rate:0.0}/s); errors {Errors}; pairs {Pairs}, timeouts {Timeouts}, resumes {Resumes}")]
    private partial void LogStats(int connections, int waiting, int paired, string forwarded, double rate, string errors, long pairs, long timeouts, long resumes);
}
