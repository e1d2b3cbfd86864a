extern alias server;

using server::Tandem.Server;
using ZLogger;

// The signaling server with ZLogger (https://github.com/Cysharp/ZLogger) on standard output in place of
// our batched console logger, lines laid out as ours: the candidate measured by bench/logging.sh.
var app = ServerApp.Build(args, builder =>
{
    builder.Logging.ClearProviders();
    builder.Logging.AddZLoggerConsole(options => options.UsePlainTextFormatter(formatter =>
        formatter.SetPrefixFormatter(
            $"{0:yyyy-MM-ddTHH:mm:ss.fff}Z {1}: {2}[{3}] ",
            (in MessageTemplate template, in LogInfo info) => template.Format(info.Timestamp.Utc, Level(info.LogLevel), info.Category.Name, info.EventId.Id))));
});
await app.RunAsync().ConfigureAwait(false);

static string Level(LogLevel level) => level switch
{
    LogLevel.Trace => "trce",
    LogLevel.Debug => "dbug",
    LogLevel.Information => "info",
    LogLevel.Warning => "warn",
    LogLevel.Error => "fail",
    _ => "crit",
};
