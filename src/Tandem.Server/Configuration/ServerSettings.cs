using System.Net;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Configuration;

/// <summary>
/// The server's settings (<see cref="SettingsTable"/>), read from appsettings.json, environment
/// variables and the command line, and checked at start-up; the <c>Signaling:*</c> ones as typed values.
/// </summary>
public sealed record ServerSettings
{
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

    /// <summary>Every setting of <see cref="SettingsTable"/>, checked (logging, admin, OpenTelemetry read theirs here).</summary>
    public required SettingValues Values { get; init; }

    /// <summary>
    /// Reads and checks the settings (<see cref="SettingValues.Read"/>). Throws
    /// <see cref="InvalidSettingsException"/> naming every invalid or unknown key and what it accepts.
    /// </summary>
    /// <param name="configuration">appsettings.json, environment variables, the command line.</param>
    /// <param name="args">The command line as typed, checked for arguments .NET would ignore; none in tests.</param>
    public static ServerSettings Load(IConfiguration configuration, IReadOnlyList<string>? args = null)
    {
        var values = SettingValues.Read(configuration, args is null ? null : CommandLine.Check(args));
        return new ServerSettings
        {
            Values = values,
            ListenAddress = values.Get<IPAddress>("Signaling:ListenAddress"),
            Port = values.Get<int>("Signaling:Port"),
            KeepAliveInterval = values.Get<TimeSpan>("Signaling:KeepAliveIntervalSeconds"),
            KeepAliveTimeout = values.Get<TimeSpan>("Signaling:KeepAliveTimeoutSeconds"),
            StatsInterval = values.Get<TimeSpan>("Signaling:StatsIntervalSeconds"),
            Signaling = new SignalingOptions
            {
                RoomTimeout = values.Get<TimeSpan>("Signaling:RoomTimeoutSeconds"),
                JoinTimeout = values.Get<TimeSpan>("Signaling:JoinTimeoutSeconds"),
                ReconnectGrace = values.Get<TimeSpan>("Signaling:ReconnectGraceSeconds"),
                MaxConnections = values.Get<int>("Signaling:MaxConnections"),
                MessageQueueSize = values.Get<int>("Signaling:MessageQueueSize"),
                MaxMessageBytes = values.Get<int>("Signaling:MaxMessageBytes"),
                MaxBadMessagesPerMinute = values.Get<int>("Signaling:MaxBadMessagesPerMinute"),
                DuplicateIdPolicy = Enum.Parse<DuplicateIdPolicy>(values.Get<string>("Signaling:DuplicateIdPolicy"), ignoreCase: true),
            },
        };
    }
}
