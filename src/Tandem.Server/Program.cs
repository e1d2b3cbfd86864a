using Tandem.Server;
using Tandem.Server.Configuration;
using Tandem.Server.Hosting;

if (CommandLine.AsksForHelp(args))
{
    await Console.Out.WriteAsync(HelpText.Render()).ConfigureAwait(false);
    return ExitCodes.Stopped;
}

try
{
    var app = ServerApp.Build(args);
    await app.RunAsync().ConfigureAwait(false);
    return ExitCodes.Stopped;
}
catch (InvalidSettingsException e)
{
    await Console.Error.WriteLineAsync("tandem server: " + e.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync("Fix the settings above (appsettings.json, environment variables such as Signaling__Port, or --Signaling:Port=...) and start again; --help lists them.").ConfigureAwait(false);
    return ExitCodes.InvalidSettings;
}
catch (CannotListenException e)
{
    await Console.Error.WriteLineAsync("tandem server: " + e.Message).ConfigureAwait(false);
    return ExitCodes.CannotListen;
}
catch (Exception e)
{
    // Anything else is a fault of ours or of the machine: the details are for a bug report.
    await Console.Error.WriteLineAsync("tandem server: failed: " + e).ConfigureAwait(false);
    return ExitCodes.Failed;
}
