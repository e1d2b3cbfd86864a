using Tandem.Server;

try
{
    var app = ServerApp.Build(args);
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (InvalidOperationException e) when (e.Message.StartsWith("invalid configuration", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync("tandem server: " + e.Message).ConfigureAwait(false);
    await Console.Error.WriteLineAsync("Fix the values above (appsettings.json, environment variables such as Signaling__Port, or --Signaling:Port=...) and start again.").ConfigureAwait(false);
    return 2;
}
