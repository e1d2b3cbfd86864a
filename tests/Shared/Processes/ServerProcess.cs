using System.Net;
using System.Net.Sockets;

namespace Tandem.Testing.Processes;

/// <summary>The signaling server as its own process on 127.0.0.1 (<c>dotnet Tandem.Server.dll</c>).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private ServerProcess(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string WebSocketUri => $"ws://127.0.0.1:{Port}/";

    public Uri HttpUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>
    /// Starts a server (on <paramref name="port"/>, or a free one) with a reconnect grace of
    /// <paramref name="graceSeconds"/> and waits until it accepts connections.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(int? port = null, int graceSeconds = 30)
    {
        var chosen = port ?? FreePort();
        var process = ChildProcess.Start("server", Binaries.Server,
            $"--Signaling:Port={chosen}", "--Signaling:ListenAddress=127.0.0.1", $"--Signaling:ReconnectGraceSeconds={graceSeconds}");
        var server = new ServerProcess(process, chosen);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
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
