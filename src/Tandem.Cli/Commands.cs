using System.Globalization;
using System.Runtime.InteropServices;
using Tandem.Cli.App;
using Tandem.Cli.Device;
using Tandem.Cli.Options;
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
          token           mint a join token for a server with Auth:Mode=token (tandem token --help)
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
            "token" => await TokenAsync(rest).ConfigureAwait(false),
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

    private static async Task<int> TokenAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(TokenCommand.Usage).ConfigureAwait(false);
            return 0;
        }

        return TokenCommand.Run(args, Environment.GetEnvironmentVariable, TimeProvider.System, Console.Out, Console.Error);
    }

    private static async Task<int> UsageErrorAsync(string error, string usage)
    {
        await Console.Error.WriteLineAsync("tandem: " + error).ConfigureAwait(false);
        await Console.Error.WriteLineAsync(usage).ConfigureAwait(false);
        return 2;
    }
}
