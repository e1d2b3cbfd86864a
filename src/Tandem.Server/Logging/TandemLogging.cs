using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;
using Tandem.Server.Configuration;

namespace Tandem.Server.Logging;

/// <summary>Sets up the server's log outputs: the console (<c>Logging:Console:*</c>) and optionally a file (<c>Logging:File:*</c>).</summary>
public static class TandemLogging
{
    /// <summary>
    /// Replaces .NET's console provider with <see cref="BatchedConsoleLoggerProvider"/> on standard output
    /// when the formatter is "simple" (the default) or "systemd"; the journald layout under systemd or with
    /// "systemd". Other formatters (json) and <c>Logging:Console:Batched=false</c> keep .NET's provider, one
    /// write per line. With <c>Logging:File:Path</c>, also writes to that file (<see cref="FileLoggerProvider"/>).
    /// Throws <see cref="InvalidSettingsException"/> when the file cannot be opened.
    /// </summary>
    public static ILoggingBuilder AddTandemLogging(this ILoggingBuilder logging, IConfiguration configuration, SettingValues settings)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var section = configuration.GetSection("Logging:Console");
        var options = new SimpleConsoleFormatterOptions();
        section.GetSection("FormatterOptions").Bind(options);
        var formatter = section["FormatterName"];
        var systemd = string.Equals(formatter, ConsoleFormatterNames.Systemd, StringComparison.OrdinalIgnoreCase);
        var simple = formatter is null || string.Equals(formatter, ConsoleFormatterNames.Simple, StringComparison.OrdinalIgnoreCase);
        if ((simple || systemd) && settings.Get<bool>("Logging:Console:Batched"))
        {
            var journald = systemd || SystemdHelpers.IsSystemdService();
            RemoveProvider(logging.Services, typeof(ConsoleLoggerProvider));
            // Created by the container, so disposed (every queued line written) when the host is.
            logging.Services.AddSingleton(_ => new BatchedConsoleLoggerProvider(Console.OpenStandardOutput(), options, UseColors(options.ColorBehavior), journald: journald));
            logging.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<BatchedConsoleLoggerProvider>());
        }

        if (settings.GetOptional<string>("Logging:File:Path") is { } path)
        {
            var file = OpenFile(path, settings.Get<int>("Logging:File:MaxSizeMiB") * 1024L * 1024, settings.Get<int>("Logging:File:MaxFiles"));
            logging.Services.AddSingleton(_ => new FileLoggerProvider(file, options));
            logging.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<FileLoggerProvider>());
        }

        return logging;
    }

    // Opened now, so a path that cannot be written stops the start with the other settings' errors.
    private static RollingFileStream OpenFile(string path, long maxBytes, int maxFiles)
    {
        try
        {
            return new RollingFileStream(path, maxBytes, maxFiles);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidSettingsException([$"  Logging:File:Path = '{path}': cannot write there ({e.Message}); choose a file the server's user may create"]);
        }
    }

    private static bool UseColors(LoggerColorBehavior behavior) => behavior switch
    {
        LoggerColorBehavior.Enabled => true,
        LoggerColorBehavior.Disabled => false,
        _ => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null,
    };

    private static void RemoveProvider(IServiceCollection services, Type implementation)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == implementation)
            {
                services.RemoveAt(i);
            }
        }
    }
}
