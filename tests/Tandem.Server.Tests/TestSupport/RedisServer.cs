using System.Diagnostics;
using System.Net.Sockets;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>
/// A real <c>redis-server</c> (Debian's, installed by scripts/install-deps.sh) of the test's own, on a
/// free 127.0.0.1 port, without persistence; killed when disposed.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/redis-server";
    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run scripts/install-deps.sh (Debian package redis-server)");
        var port = ServerHost.FreePort();
        var server = new RedisServer(await LaunchAsync(port), port);
        return server;
    }

    /// <summary>Kills the server (SIGKILL: all its data is gone) and starts an empty one on the same port.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        Kill();
        await Task.Delay(down);
        _process = await LaunchAsync(Port);
    }

    /// <summary>Kills the server, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<Process> LaunchAsync(int port)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            Assert.False(process.HasExited, $"redis-server exited at once (port {port} taken?)");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
