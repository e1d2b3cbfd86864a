using System.Globalization;
using System.Runtime.InteropServices;
using Tandem.Load.Options;
using Tandem.Load.Relay;
using Tandem.Load.Reporting;
using Tandem.Load.Runner;

namespace Tandem.Load;

/// <summary>The <c>tandem-load</c> command: a load run (the default), or the relay baseline.</summary>
public static class LoadCommands
{
    /// <summary>Runs the command line; returns the process exit code (0 clean, 1 lost/duplicated/misrouted or failed pairs, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args) => args is ["relay-baseline", .. var rest]
        ? await RelayAsync(rest).ConfigureAwait(false)
        : await LoadAsync(args).ConfigureAwait(false);

    private static async Task<int> LoadAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(LoadOptionsParser.Usage).ConfigureAwait(false);
            return 0;
        }

        if (!LoadOptionsParser.TryParse(args, out var options, out var error))
        {
            return await UsageErrorAsync(error, LoadOptionsParser.Usage).ConfigureAwait(false);
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        var report = await new LoadRunner(options!, Console.Error).RunAsync(cts.Token).ConfigureAwait(false);
        await Console.Out.WriteAsync(ReportWriter.ToText(report)).ConfigureAwait(false);
        if (options!.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, ReportWriter.ToJson(report, indented: true) + "\n").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(ReportWriter.ToJson(report)).ConfigureAwait(false);
        var clean = report.Lost == 0 && report.Duplicated == 0 && report.Misrouted == 0 && report.OutOfOrder == 0
            && report.PairsFailed == 0;
        return clean ? 0 : 1;
    }

    private static async Task<int> RelayAsync(string[] args)
    {
        if (!RelayOptions.TryParse(args, out var options, out var error))
        {
            return await UsageErrorAsync(error, RelayOptions.Usage).ConfigureAwait(false);
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.TrySetResult();
        });
        await using var relay = new RelayBaseline();
        var port = await relay.StartAsync(options!.Address, options.Port, CancellationToken.None).ConfigureAwait(false);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"relay-baseline listening on ws://{options.Address}:{port}/")).ConfigureAwait(false);
        await stop.Task.ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> UsageErrorAsync(string error, string usage)
    {
        await Console.Error.WriteLineAsync("tandem-load: " + error).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(usage).ConfigureAwait(false);
        return 2;
    }
}
