using System.Diagnostics;
using Tandem.Load.Checking;
using Tandem.Load.Net;
using Tandem.Load.Options;
using Tandem.Load.Reporting;
using Tandem.Load.Targets;

namespace Tandem.Load.Runner;

/// <summary>Runs <c>tandem-load</c>: pair sessions at the asked concurrency (and rate), then the report.</summary>
public sealed class LoadRunner
{
    private readonly LoadOptions _options;
    private readonly TextWriter _progress;

    /// <summary>Prepares a run; progress lines go to <paramref name="progress"/>.</summary>
    public LoadRunner(LoadOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
    }

    /// <summary>Runs the load (or the hold, with <see cref="LoadOptions.Hold"/>) and returns the report.</summary>
    public async Task<LoadReport> RunAsync(CancellationToken ct)
    {
        var connector = new SocketConnector(_options.SourceAddresses);
        var protocol = SignalingProtocols.For(_options.Target);
        var watch = ServerWatch.Find(_options.ServerPid, _options.Server);
        var run = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
        if (_options.Hold > 0)
        {
            await using var hold = new HoldGroup(_options, protocol, connector, run, _progress);
            var idle = watch.RssMb();
            var idleMemory = watch.Memory();
            await hold.OpenAsync(ct).ConfigureAwait(false);
            // Let the server settle (tiered JIT, buffers returned to pools) before reading its RSS.
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            var held = watch.RssMb();
            var heldMemory = watch.Memory();
            var report = await MeasureWithWarmupAsync(protocol, connector, watch, run, ct).ConfigureAwait(false);
            if (_options.HoldSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.HoldSeconds), ct).ConfigureAwait(false);
            }

            var errors = new Dictionary<string, long>(report.Errors.ToDictionary(), StringComparer.Ordinal);
            foreach (var (key, count) in hold.Stats.Errors)
            {
                errors["hold:" + key] = count;
            }

            return report with
            {
                Held = hold.Joined,
                ServerRssIdleMb = idle,
                ServerRssHeldMb = held,
                RssPerConnectionKib = idle is { } i && held is { } h && hold.Joined > 0 ? (h - i) * 1024 / hold.Joined : null,
                GcHeapPerConnectionKib = PerConnection(idleMemory?.LargestMappingRssBytes, heldMemory?.LargestMappingRssBytes, hold.Joined),
                OtherAnonPerConnectionKib = PerConnection(idleMemory?.AnonRssBytes - idleMemory?.LargestMappingRssBytes,
                    heldMemory?.AnonRssBytes - heldMemory?.LargestMappingRssBytes, hold.Joined),
                Errors = errors,
            };
        }

        return await MeasureWithWarmupAsync(protocol, connector, watch, run, ct).ConfigureAwait(false);
    }

    private static double? PerConnection(long? before, long? after, long connections) =>
        before is { } b && after is { } a && connections > 0 ? (a - b) / 1024.0 / connections : null;

    private async Task<LoadReport> MeasureWithWarmupAsync(ISignalingProtocol protocol, SocketConnector connector,
        ServerWatch watch, string run, CancellationToken ct)
    {
        if (_options.Warmup == 0)
        {
            return await MeasureAsync(_options, protocol, connector, watch, run, ct).ConfigureAwait(false);
        }

        // The warm-up lets both processes reach tier-1 JIT code before the clock starts; its delivery
        // checks still count, its speed does not.
        var warm = await MeasureAsync(_options with { Pairs = _options.Warmup, Rate = 0, Quiet = true }, protocol, connector,
            new ServerWatch(null), run + "w", ct).ConfigureAwait(false);
        var report = await MeasureAsync(_options, protocol, connector, watch, run, ct).ConfigureAwait(false);
        var errors = new Dictionary<string, long>(report.Errors.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, count) in warm.Errors)
        {
            errors["warmup:" + key] = count;
        }

        return report with
        {
            Lost = report.Lost + warm.Lost,
            Duplicated = report.Duplicated + warm.Duplicated,
            Misrouted = report.Misrouted + warm.Misrouted,
            OutOfOrder = report.OutOfOrder + warm.OutOfOrder,
            PairsFailed = report.PairsFailed + warm.PairsFailed,
            Errors = errors,
        };
    }

    private async Task<LoadReport> MeasureAsync(LoadOptions options, ISignalingProtocol protocol, SocketConnector connector,
        ServerWatch watch, string run, CancellationToken ct)
    {
        var stats = new LoadStats();
        var checker = new DeliveryChecker(options.Pairs);
        var session = new PairSession(options, protocol, connector, checker, stats, run);
        using var progressCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = options.Quiet
            ? Task.CompletedTask
            : new ProgressPrinter(stats, _progress).RunAsync("load", options.Pairs, progressCts.Token);
        watch.Start();
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, options.Pairs)).Select(_ => Task.Run(async () =>
        {
            int pair;
            while ((pair = Interlocked.Increment(ref next)) < options.Pairs && !ct.IsCancellationRequested)
            {
                if (options.Rate > 0)
                {
                    var due = TimeSpan.FromSeconds(pair / options.Rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, ct).ConfigureAwait(false);
                    }
                }

                await session.RunAsync(pair, ct).ConfigureAwait(false);
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var server = watch.Stop();
        await progressCts.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        var totals = checker.Totals();
        var latency = stats.Latency;
        double Ms(double percentile) => latency.TotalCount == 0 ? 0 : latency.GetValueAtPercentile(percentile) / 1000.0;
        return new LoadReport
        {
            Target = options.Target.ToString().ToLowerInvariant(),
            Pairs = stats.PairsCompleted,
            PairsFailed = stats.PairsFailed,
            Seconds = seconds,
            Messages = stats.Messages,
            LatencyMs = [Ms(50), Ms(99), Ms(99.9), latency.TotalCount == 0 ? 0 : HdrHistogram.HistogramExtensions.GetMaxValue(latency) / 1000.0],
            Errors = stats.Errors,
            Lost = totals.Lost,
            Duplicated = totals.Duplicated,
            Misrouted = totals.Misrouted,
            OutOfOrder = totals.OutOfOrder,
            ServerRssMb = server.RssMb,
            ServerPeakRssMb = server.PeakMb,
            ServerCpuPercent = server.CpuPercent,
            ClientCpuPercent = server.ClientCpuPercent,
            ClientCpuUsPerMessage = stats.Messages > 0 ? server.ClientCpuSeconds * 1e6 / stats.Messages : null,
        };
    }
}
