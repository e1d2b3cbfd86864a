using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Time.Testing;
using Tandem.Server.Configuration;
using Tandem.Server.Logging;

namespace Tandem.Server.Tests.Logging;

public partial class ConsoleLoggingTests
{
    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--Logging:Console:FormatterName=simple" }, true)]
    [InlineData(new[] { "--Logging:Console:FormatterName=systemd" }, true)]
    [InlineData(new[] { "--Logging:Console:FormatterName=json" }, false)]
    [InlineData(new[] { "--Logging:Console:Batched=false" }, false)]
    public void AddTandemLogging_FormatterAndSwitch_ChoosesTheProvider(string[] args, bool batched)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Logging.AddTandemLogging(builder.Configuration, SettingValues.Read(builder.Configuration));
        var providers = builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList();
        Assert.Equal(batched, builder.Services.Any(d => d.ServiceType == typeof(BatchedConsoleLoggerProvider)));
        Assert.Equal(!batched, providers.Any(d => d.ImplementationType == typeof(ConsoleLoggerProvider)));
        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(FileLoggerProvider));
    }

    [Fact]
    public void SettingValues_BatchedNotABoolean_InvalidSettingsNamingTheKey()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--Logging:Console:Batched=sometimes"] });
        var e = Assert.Throws<InvalidSettingsException>(() => SettingValues.Read(builder.Configuration));
        Assert.Equal(["  Logging:Console:Batched = 'sometimes': must be true or false"], e.Problems);
    }

    [Fact]
    public void Log_LevelsFromConfiguration_FilterLinesIncludingTheConsoleAlias()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Tandem.Signaling"] = "Debug",
            ["Logging:Console:LogLevel:Tandem.Signaling.Noisy"] = "Error",
        }).Build();
        using var stream = new RecordingStream();
        using (var services = new ServiceCollection()
            .AddLogging(b =>
            {
                b.AddConfiguration(config.GetSection("Logging"));
                b.Services.AddSingleton<ILoggerProvider>(_ => new BatchedConsoleLoggerProvider(stream, SimpleLineFormatTests.Options(true, false, false), time: new FakeTimeProvider()));
            })
            .BuildServiceProvider())
        {
            var factory = services.GetRequiredService<ILoggerFactory>();
            foreach (var category in new[] { "Other", "Tandem.Signaling.Hub", "Tandem.Signaling.Noisy" })
            {
                var logger = factory.CreateLogger(category);
                logger.LogDebug("debug");
                logger.LogInformation("info");
                logger.LogWarning("warning");
                logger.LogError("error");
            }
        }

        Assert.Equal(
            ["warn: Other[0] warning", "fail: Other[0] error",
             "dbug: Tandem.Signaling.Hub[0] debug", "info: Tandem.Signaling.Hub[0] info", "warn: Tandem.Signaling.Hub[0] warning", "fail: Tandem.Signaling.Hub[0] error",
             "fail: Tandem.Signaling.Noisy[0] error"],
            stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Log_ConcurrentWriters_EveryLineWholeAndNoneLost()
    {
        const int Threads = 8, PerThread = 5000;
        using var stream = new RecordingStream();
        using (var provider = new BatchedConsoleLoggerProvider(stream, SimpleLineFormatTests.Options(true, false, false), time: new FakeTimeProvider(), capacityBytes: 16 * 1024 * 1024))
        {
            var logger = provider.CreateLogger("Tandem.Signaling.Hub.SignalingHub");
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < PerThread; i++)
                {
                    logger.Log(LogLevel.Information, new EventId(2), (t, i), null, static (s, _) => $"writer {s.t} line {s.i} {new string('x', s.i % 50)}");
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Equal(0, provider.DroppedLines);
        }

        var lines = stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Threads * PerThread, lines.Length);
        var next = new int[Threads];
        foreach (var line in lines)
        {
            var m = LinePattern().Match(line);
            Assert.True(m.Success, line);
            var (t, i) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
            Assert.Equal(i % 50, m.Groups[3].Length);
            Assert.Equal(next[t]++, i);
        }

        Assert.True(stream.Writes < Threads * PerThread / 10, $"{stream.Writes} writes");
    }

    [Fact]
    public async Task ServerStop_GracefulStop_LinesLoggedWhileStoppingAreWritten()
    {
        using var stream = new RecordingStream();
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var app = ServerApp.Build([$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1", "--Logging:LogLevel:Default=Information"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<ILoggerProvider>(_ => new BatchedConsoleLoggerProvider(stream, SimpleLineFormatTests.Options(true, false, false), time: new FakeTimeProvider()));
        });
        await app.StartAsync();
        await app.StopAsync();
        Assert.Equal(0, stream.Writes);

        await app.DisposeAsync();
        Assert.Contains("info: Microsoft.Hosting.Lifetime[0] Application is shutting down...\n", stream.Text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^info: Tandem\.Signaling\.Hub\.SignalingHub\[2\] writer (\d) line (\d+) (x*)$")]
    private static partial Regex LinePattern();
}
