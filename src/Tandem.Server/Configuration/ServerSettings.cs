using System.Globalization;
using System.Net;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Configuration;

/// <summary>
/// The <c>Signaling:*</c> settings (PROTOCOL.md "Server configuration"), read from appsettings.json,
/// environment variables and the command line, and checked at start-up.
/// </summary>
public sealed record ServerSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Signaling";

    /// <summary>Address to listen on.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>TCP port.</summary>
    public int Port { get; init; } = 8000;

    /// <summary>Ping interval (R4).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a ping may go unanswered (R4).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the forwarding statistics are logged.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The protocol rules' settings.</summary>
    public SignalingOptions Signaling { get; init; } = new();

    /// <summary>
    /// Reads and validates the settings. Throws <see cref="InvalidOperationException"/> whose message
    /// names every invalid key and what it accepts.
    /// </summary>
    public static ServerSettings Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var errors = new List<string>();
        var reader = new Reader(section, errors);
        var turn = TurnSettings.Load(configuration, errors);
        var settings = new ServerSettings
        {
            ListenAddress = reader.Address("ListenAddress", IPAddress.Any),
            Port = reader.Int("Port", 8000, 1, 65535),
            KeepAliveInterval = reader.Seconds("KeepAliveIntervalSeconds", 15, min: 0),
            KeepAliveTimeout = reader.Seconds("KeepAliveTimeoutSeconds", 15, min: 0),
            StatsInterval = reader.Seconds("StatsIntervalSeconds", 60, min: 1),
            Signaling = new SignalingOptions
            {
                RoomTimeout = reader.Seconds("RoomTimeoutSeconds", 30, min: 1),
                JoinTimeout = reader.Seconds("JoinTimeoutSeconds", 30, min: 1),
                ReconnectGrace = reader.Seconds("ReconnectGraceSeconds", 30, min: 1),
                MaxConnections = reader.Int("MaxConnections", 1000, 1, 10_000_000),
                MessageQueueSize = reader.Int("MessageQueueSize", 10000, 10, 100_000_000),
                MaxMessageBytes = reader.Int("MaxMessageBytes", 65536, 1024, 64 * 1024 * 1024),
                MaxBadMessagesPerMinute = reader.Int("MaxBadMessagesPerMinute", 20, 1, 1_000_000),
                DuplicateIdPolicy = reader.Policy("DuplicateIdPolicy"),
                Turn = turn,
            },
        };
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return settings;
    }

    private sealed class Reader(IConfigurationSection section, List<string> errors)
    {
        public int Int(string key, int fallback, int min, int max)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            errors.Add($"  {Section}:{key} = '{text}': must be a whole number from {min} to {max}");
            return fallback;
        }

        public TimeSpan Seconds(string key, double fallback, double min)
        {
            var text = section[key];
            if (text is null)
            {
                return TimeSpan.FromSeconds(fallback);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= 86400)
            {
                return TimeSpan.FromSeconds(value);
            }

            errors.Add($"  {Section}:{key} = '{text}': must be a number of seconds from {min} to 86400");
            return TimeSpan.FromSeconds(fallback);
        }

        public IPAddress Address(string key, IPAddress fallback)
        {
            var text = section[key];
            if (text is null)
            {
                return fallback;
            }

            if (IPAddress.TryParse(text, out var address))
            {
                return address;
            }

            errors.Add($"  {Section}:{key} = '{text}': must be an IP address such as 0.0.0.0, 127.0.0.1 or ::");
            return fallback;
        }

        public DuplicateIdPolicy Policy(string key)
        {
            var text = section[key];
            if (text is null)
            {
                return DuplicateIdPolicy.Replace;
            }

            if (Enum.TryParse<DuplicateIdPolicy>(text, ignoreCase: true, out var policy) && !int.TryParse(text, out _))
            {
                return policy;
            }

            errors.Add($"  {Section}:{key} = '{text}': must be 'replace' or 'reject'");
            return DuplicateIdPolicy.Replace;
        }
    }
}
