using Microsoft.Extensions.Logging.Console;

namespace Tandem.Server.Logging;

/// <summary>Chooses the server's console logger from <c>Logging:Console:*</c>.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// Replaces .NET's console provider with <see cref="BatchedConsoleLoggerProvider"/> on standard
    /// output when the formatter is "simple" (the default). Other formatters (json, systemd) and
    /// <c>Logging:Console:Batched=false</c> keep .NET's provider, one write per line.
    /// </summary>
    public static ILoggingBuilder AddTandemConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Logging:Console");
        var formatter = section["FormatterName"];
        var simple = formatter is null || string.Equals(formatter, ConsoleFormatterNames.Simple, StringComparison.OrdinalIgnoreCase);
        if (!simple || !Batched(section["Batched"]))
        {
            return logging;
        }

        var options = new SimpleConsoleFormatterOptions();
        section.GetSection("FormatterOptions").Bind(options);
        RemoveProvider(logging.Services, typeof(ConsoleLoggerProvider));
        // Created by the container, so disposed (every queued line written) when the host is.
        logging.Services.AddSingleton(_ => new BatchedConsoleLoggerProvider(Console.OpenStandardOutput(), options, UseColors(options.ColorBehavior)));
        logging.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<BatchedConsoleLoggerProvider>());
        return logging;
    }

    // Same message shape as the Signaling:* checks, so Program reports it and exits with 2.
    private static bool Batched(string? text) => text is null || (bool.TryParse(text, out var value)
        ? value
        : throw new InvalidOperationException($"invalid configuration:{Environment.NewLine}  Logging:Console:Batched = '{text}': must be true or false"));

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
