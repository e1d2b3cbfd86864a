using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tandem.Testing.Processes;

/// <summary>
/// A real child process (<c>dotnet some.dll ...</c>) whose stdout and stderr lines are kept with the
/// time they arrived, so tests can wait for a line and measure between lines.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly List<(DateTime At, string Line)> _lines = [];
    private readonly string _name;

    private ChildProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>.</summary>
    public static ChildProcess Start(string name, string dll, params string[] args) =>
        StartProgram(name, "dotnet", [dll, .. args]);

    /// <summary>Starts <paramref name="program"/> with <paramref name="args"/>, in <paramref name="directory"/> when given.</summary>
    public static ChildProcess StartProgram(string name, string program, IEnumerable<string> args, string? directory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? "",
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data, "");
        process.ErrorDataReceived += (_, e) => child.Add(e.Data, "stderr: ");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The lines so far (stderr lines start with "stderr: ").</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines.Select(l => l.Line)];
            }
        }
    }

    /// <summary>The lines so far with the time each arrived (UTC).</summary>
    public IReadOnlyList<(DateTime At, string Line)> TimedLines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits for the first line (from <paramref name="after"/> on) that satisfies <paramref name="match"/>; returns when it came.</summary>
    public async Task<(DateTime At, string Line)> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout, DateTime? after = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // After exit, WaitForExit() also waits for the output readers, so the scan below sees every line.
            var exited = _process.HasExited;
            if (exited)
            {
                _process.WaitForExit();
            }

            lock (_lines)
            {
                foreach (var entry in _lines)
                {
                    if (entry.At >= (after ?? DateTime.MinValue) && match(entry.Line))
                    {
                        return entry;
                    }
                }
            }

            if (DateTime.UtcNow > deadline || exited)
            {
                var why = exited ? $"it exited ({_process.ExitCode}) without one" : $"none within {timeout.TotalSeconds} s";
                throw new TimeoutException($"{_name}: no line with {what}: {why}.\n{Transcript()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes one line to the process's stdin.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the process to end on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_name} did not exit within {timeout.TotalSeconds} s.\n{Transcript()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash does.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Everything it printed, for failure messages.</summary>
    public string Transcript() => $"--- {_name} ---\n{string.Join('\n', Lines)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                await KillAsync();
            }
        }

        _process.Dispose();
    }

    private void Add(string? line, string prefix)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add((DateTime.UtcNow, prefix + line));
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
