using System.Diagnostics;
using System.Text;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>The built server (<c>dotnet Tandem.Server.dll</c>, or any executable) as a child process, its output captured.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.Exited += (_, _) => _exited.TrySetResult();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Standard output so far, lines ending in <c>\n</c>.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int Id => _process.Id;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the server of this build with <paramref name="args"/>.</summary>
    public static ServerProcess Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null) =>
        StartExecutable("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tandem.Server.dll"), .. args], environment);

    /// <summary>Starts <paramref name="executable"/> (e.g. a published single-file server).</summary>
    public static ServerProcess StartExecutable(string executable, IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(executable, args);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        return new ServerProcess(start);
    }

    /// <summary>Runs the server to its exit (at most 60 s) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        await using var process = Start(args, environment);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, process.Stdout, process.Stderr);
    }

    /// <summary>Waits for the exit and for the end of both outputs.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        await _exited.Task.WaitAsync(timeout);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as systemd and container runtimes do to stop a service.</summary>
    public void Terminate() => Assert.Equal(0, Posix.Kill(_process.Id, Posix.SigTerm));

    /// <summary>Sends SIGKILL, as a crash or the OOM killer would: no shutdown code runs.</summary>
    public void KillHard()
    {
        Assert.Equal(0, Posix.Kill(_process.Id, Posix.SigKill));
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM to the process's children (the server started by a launcher), as systemd does to a unit's processes.</summary>
    public void TerminateChildren()
    {
        var children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(children);
        foreach (var child in children)
        {
            Assert.Equal(0, Posix.Kill(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture), Posix.SigTerm));
        }
    }

    /// <summary>Waits until <c>GET /healthz</c> answers on <paramref name="port"/> (at most 30 s), failing early if the process exits.</summary>
    public async Task WaitForHealthyAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_exited.Task.IsCompleted)
            {
                Assert.Fail($"the server exited ({_process.ExitCode}): {Stderr}{Stdout}");
            }

            try
            {
                if (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz")) == "ok\n")
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no ok from /healthz on port {port} within 30 s: {Stderr}{Stdout}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.Append(line).Append('\n');
        }
    }

    private static class Posix
    {
        public const int SigTerm = 15;

        public const int SigKill = 9;

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
