using System.Globalization;
using System.Runtime.InteropServices;
using Tandem.Cli.App;
using Tandem.Cli.Device;
using Tandem.Cli.Load;
using Tandem.Cli.Options;
using Tandem.Cli.Relay;
using Tandem.Cli.Reporting;
using Tandem.Cli.Tokens;

namespace Tandem.Cli;

/// <summary>The <c>tandem</c> command: dispatches to its subcommands.</summary>
public static class Commands
{
    private const string Usage =
        """
        usage: tandem <command> [options]
          device          simulated glasses: sends video and audio to the app (tandem device --help)
          app             headless phone app: receives and records them (tandem app --help)
          load            signaling load generator (tandem load --help)
          token           mint a join token for a server with Auth:Mode=token (tandem token --help)
          relay-baseline  minimal Kestrel WebSocket relay: the transport ceiling for load runs
        """;

    /// <summary>Runs the command line; returns the process exit code (0 ok, 1 failed checks, 2 usage).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await Console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args.Skip(1).ToArray();
        return args[0] switch
        {
            "device" => await DeviceAsync(rest).ConfigureAwait(false),
            "app" => await AppAsync(rest).ConfigureAwait(false),
            "load" => await LoadAsync(rest).ConfigureAwait(false),
            "token" => await TokenAsync(rest).ConfigureAwait(false),
            "relay-baseline" => await RelayAsync(rest).ConfigureAwait(false),
            _ => await UsageErrorAsync($"unknown command '{args[0]}'", Usage).ConfigureAwait(false),
        };
    }

    private static async Task<int> DeviceAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(DeviceOptionsParser.Usage).ConfigureAwait(false);
            return 0;
        }

        return DeviceOptionsParser.TryParse(args, out var options, out var error)
            ? await DeviceCommand.RunAsync(options!, Console.Out, Console.Error).ConfigureAwait(false)
            : await UsageErrorAsync(error, DeviceOptionsParser.Usage).ConfigureAwait(false);
    }

    private static async Task<int> AppAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(AppOptionsParser.Usage).ConfigureAwait(false);
            return 0;
        }

        return AppOptionsParser.TryParse(args, out var options, out var error)
            ? await AppCommand.RunAsync(options!, Console.Out, Console.Error).ConfigureAwait(false)
            : await UsageErrorAsync(error, AppOptionsParser.Usage).ConfigureAwait(false);
    }

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

    private static async Task<int> TokenAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(TokenCommand.Usage).ConfigureAwait(false);
            return 0;
        }

        return TokenCommand.Run(args, Environment.GetEnvironmentVariable, TimeProvider.System, Console.Out, Console.Error);
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
        await Console.Error.WriteLineAsync("tandem: " + error).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(usage).ConfigureAwait(false);
        return 2;
    }
}
