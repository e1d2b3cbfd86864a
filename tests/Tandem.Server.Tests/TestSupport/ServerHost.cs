using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Server.Hosting;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>The real server (Kestrel, WebSockets) on a free 127.0.0.1 port, with its log lines captured.</summary>
internal sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, int port, LogSink logs)
    {
        _app = app;
        Port = port;
        Logs = logs;
    }

    public int Port { get; }

    public Uri WebSocketUri => new($"ws://127.0.0.1:{Port}/");

    public Uri HttpUri => new($"http://127.0.0.1:{Port}/");

    public LogSink Logs { get; }

    public SignalingHub Hub => _app.Services.GetRequiredService<SignalingHub>();

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="settings"/> are <c>Key=Value</c> pairs under <c>Signaling:</c>.</summary>
    public static Task<ServerHost> StartAsync(params string[] settings) =>
        StartWithArgsAsync(settings.Select(s => "--Signaling:" + s));

    /// <summary>Starts a server on <paramref name="port"/>, e.g. to restart one where clients expect it.</summary>
    public static async Task<ServerHost> StartOnPortAsync(int port, params string[] settings)
    {
        var (app, logs) = Build(port, settings.Select(s => "--Signaling:" + s), configure: null);
        await app.StartAsync();
        return new ServerHost(app, port, logs);
    }

    /// <summary>
    /// Starts a server on a free port with raw command-line <paramref name="args"/> (any section) and an
    /// optional hook on the builder (test-only services or middleware).
    /// </summary>
    public static async Task<ServerHost> StartWithArgsAsync(IEnumerable<string> args, Action<WebApplicationBuilder>? configure = null)
    {
        // The port is found by binding port 0 and releasing it; another process may take it in
        // between, so a bind failure (when the server is built) picks a new port (port allocation, not a test retry).
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            WebApplication app;
            LogSink logs;
            try
            {
                (app, logs) = Build(port, args, configure);
            }
            catch (CannotListenException) when (attempt < 5)
            {
                continue;
            }

            await app.StartAsync();
            return new ServerHost(app, port, logs);
        }
    }

    private static (WebApplication App, LogSink Logs) Build(int port, IEnumerable<string> args, Action<WebApplicationBuilder>? configure)
    {
        string[] all = [$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1", "--Logging:LogLevel:Default=Debug", .. args];
        var logs = new LogSink();
        var app = ServerApp.Build(all, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            configure?.Invoke(builder);
        });
        return (app, logs);
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async Task<WsClient> ConnectAsync(string path = "/")
    {
        var client = new WsClient();
        await client.ConnectAsync(new Uri(WebSocketUri, path));
        return client;
    }

    /// <summary>A loopback port nothing listens on (bound and released: another process may take it before the server).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Collects formatted log lines, with the exception if one was logged.</summary>
internal sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Lines at Error or Critical level, or carrying an exception: none in a healthy run.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}";
            sink.Lines.Enqueue(line);
            if (logLevel >= LogLevel.Error || exception is not null)
            {
                sink.Failures.Enqueue(line);
            }
        }
    }
}
