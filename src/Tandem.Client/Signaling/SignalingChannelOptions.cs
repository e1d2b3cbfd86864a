using System.Security.Cryptography.X509Certificates;

namespace Tandem.Client.Signaling;

/// <summary>How a <see cref="SignalingChannel"/> reaches the server and recovers from drops.</summary>
public sealed record SignalingChannelOptions
{
    /// <summary>The server's WebSocket URL, e.g. <c>ws://127.0.0.1:8000/</c> or <c>wss://signal.example.com/</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>
    /// For a <c>wss://</c> server whose certificate comes from a private CA: the only CA certificates
    /// trusted for it. Null: the system's trusted roots. The host name is checked either way; an untrusted
    /// certificate fails the connection with <see cref="UntrustedServerCertificateException"/>.
    /// </summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>This side's id: <c>glasses_&lt;uid&gt;</c> or <c>app_&lt;uid&gt;</c> (PROTOCOL.md R5).</summary>
    public required string DeviceId { get; init; }

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest reconnect delay. Keep it well under the server's reconnect grace (30 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connection attempts <see cref="SignalingChannel.StartAsync"/> makes before it gives up.</summary>
    public int StartAttempts { get; init; } = 3;

    /// <summary>Clock for timestamps and delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
