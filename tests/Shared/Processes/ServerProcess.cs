using System.Net;
using System.Net.Sockets;
using Tandem.Testing;

namespace Tandem.Testing.Processes;

/// <summary>
/// The signaling server as its own process (<c>dotnet Tandem.Server.dll</c>) on 127.0.0.1, or on a test
/// address with TLS from a <see cref="TestPki"/>.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private ServerProcess(ChildProcess process, int port, string host, bool tls)
    {
        Process = process;
        Port = port;
        Host = host;
        Tls = tls;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string Host { get; }

    public bool Tls { get; }

    public string WebSocketUri => $"{(Tls ? "wss" : "ws")}://{Host}:{Port}/";

    public Uri HttpUri => new($"{(Tls ? "https" : "http")}://{Host}:{Port}/");

    /// <summary>
    /// Starts a server (on <paramref name="port"/>, or a free one) with a reconnect grace of
    /// <paramref name="graceSeconds"/> and waits until it accepts connections.
    /// </summary>
    public static Task<ServerProcess> StartAsync(int? port = null, int graceSeconds = 30) =>
        StartAsync(port ?? FreePort(), "127.0.0.1", null, $"--Signaling:ReconnectGraceSeconds={graceSeconds}");

    /// <summary>Starts a plain server listening on <paramref name="address"/> (a test-namespace address, or 0.0.0.0 for all, then named by 127.0.0.1) on a free port.</summary>
    public static Task<ServerProcess> StartOnAsync(string address) =>
        StartAsync(FreePort(), address, null, "--Signaling:ReconnectGraceSeconds=30");

    /// <summary>Starts a server serving only TLS (<c>wss://</c>, <c>https://</c>) with <paramref name="pki"/>'s certificate on <paramref name="address"/>.</summary>
    public static Task<ServerProcess> StartTlsAsync(TestPki pki, string address) =>
        StartAsync(FreePort(), address, pki, $"--Signaling:Tls:CertificatePath={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.KeyPath}");

    private static async Task<ServerProcess> StartAsync(int port, string address, TestPki? pki, params string[] args)
    {
        var process = ChildProcess.Start("server", Binaries.Server, [$"--Signaling:Port={port}", $"--Signaling:ListenAddress={address}", .. args]);
        // Listening on every address: reach it (and probe it) on loopback.
        var server = new ServerProcess(process, port, address == "0.0.0.0" ? "127.0.0.1" : address, pki is not null);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        using var http = pki?.HttpClient() ?? new HttpClient();
        http.Timeout = TimeSpan.FromSeconds(2);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(server.HttpUri, "readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the server did not start.\n" + process.Transcript());
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Waits until the server has made <paramref name="deviceId"/> the first member of its room (its log line).
    /// A client's "joined" only says the join was sent: a side that must offer (R18: the first one in) is
    /// waited for here before its counterpart starts, or the server may take the two joins in either order.
    /// </summary>
    public Task WaitForRoomAsync(string deviceId, TimeSpan timeout)
    {
        var room = "room_" + deviceId[(deviceId.IndexOf('_', StringComparison.Ordinal) + 1)..];
        return Process.WaitForLineAsync(l => l.Contains($"room {room} created by {deviceId} ", StringComparison.Ordinal), $"{room} created by {deviceId}", timeout);
    }

    /// <summary>Kills the server (SIGKILL): every socket drops at once, as in a crash.</summary>
    public Task KillAsync() => Process.KillAsync();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
