extern alias server;

using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using server::Tandem.Server.Logging;

namespace Tandem.Benchmarks.Logging;

/// <summary>
/// One typical hub event line (a connection closed, four fields) through an <see cref="ILoggerFactory"/>
/// with the server's formatter options: ours (<see cref="BatchedConsoleLoggerProvider"/>) against .NET's
/// console provider (the baseline, in the same run), both writing to a null stream. The time is the
/// logging thread's; each provider's background writer runs on another thread.
/// </summary>
[MemoryDiagnoser]
public class ConsoleLoggerBenchmarks
{
    private static readonly Action<ILogger, string, string, string, string, Exception?> Closed =
        LoggerMessage.Define<string, string, string, string>(LogLevel.Information, new EventId(2), "connection {ConnectionId} ({DeviceId}) from {RemoteAddress} closed: {Reason}");

    private ILoggerFactory _dotNet = null!;
    private ILoggerFactory _ours = null!;
    private BatchedConsoleLoggerProvider _provider = null!;
    private ILogger _dotNetLogger = null!;
    private ILogger _oursLogger = null!;
    private TextWriter _stdout = null!;

    [GlobalSetup]
    public void Setup()
    {
        // .NET's provider writes to Console.Out: a synchronised, auto-flushing UTF-8 writer, as on a real console.
        _stdout = Console.Out;
        Console.SetOut(TextWriter.Synchronized(new StreamWriter(Stream.Null) { AutoFlush = true }));
        _dotNet = LoggerFactory.Create(b => b.AddSimpleConsole(Configure));
        var options = new SimpleConsoleFormatterOptions();
        Configure(options);
        // 64 MiB of buffer: this loop logs far faster than any server, and its writer thread must not fall
        // behind (a dropped line skips its copy); the count is printed at the end.
        _provider = new BatchedConsoleLoggerProvider(Stream.Null, options, capacityBytes: 64 * 1024 * 1024);
        _ours = LoggerFactory.Create(b => b.AddProvider(_provider));
        _dotNetLogger = _dotNet.CreateLogger("Tandem.Signaling.Hub.SignalingHub");
        _oursLogger = _ours.CreateLogger("Tandem.Signaling.Hub.SignalingHub");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dotNet.Dispose();
        _ours.Dispose();
        _provider.Dispose();
        Console.SetOut(_stdout);
        Console.WriteLine($"// ours: {_provider.DroppedLines} lines dropped (buffer full)");
    }

    [Benchmark(Baseline = true)]
    public void DotNetConsole() => Closed(_dotNetLogger, "c46982", "glasses_627ba522-p19991", "127.0.0.8:58408", "closed by client (1000 )", null);

    [Benchmark]
    public void Batched() => Closed(_oursLogger, "c46982", "glasses_627ba522-p19991", "127.0.0.8:58408", "closed by client (1000 )", null);

    // The server's appsettings.json: one line, UTC timestamp.
    private static void Configure(SimpleConsoleFormatterOptions o)
    {
        o.SingleLine = true;
        o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        o.UseUtcTimestamp = true;
        o.ColorBehavior = LoggerColorBehavior.Disabled;
    }
}
