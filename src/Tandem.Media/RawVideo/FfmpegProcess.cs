using System.Diagnostics;
using System.Text;

namespace Tandem.Media.RawVideo;

/// <summary>
/// An ffmpeg child process whose stdout the caller reads: stderr is drained (keeping its tail for
/// error messages), a non-zero exit becomes an exception naming it, and disposing kills the process.
/// </summary>
internal sealed class FfmpegProcess : IAsyncDisposable
{
    private const int StderrTail = 4096;

    private readonly Process _process;
    private readonly Task<string> _stderr;

    private FfmpegProcess(Process process)
    {
        _process = process;
        _stderr = DrainAsync(process.StandardError);
    }

    /// <summary>ffmpeg's standard output.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Starts <paramref name="ffmpegPath"/> with <paramref name="arguments"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">ffmpeg could not be started (not installed: install Debian's ffmpeg).</exception>
    public static FfmpegProcess Start(string ffmpegPath, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(ffmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new FfmpegProcess(Process.Start(info) ?? throw new InvalidOperationException($"{ffmpegPath} did not start."));
    }

    /// <summary>
    /// Waits for ffmpeg to exit after its output ended; a stream that ends because ffmpeg failed (bad
    /// device, bad option) is an error, not a normal end.
    /// </summary>
    /// <exception cref="InvalidOperationException">ffmpeg exited with a non-zero code; the message holds its stderr.</exception>
    public async Task EnsureCleanExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            string stderr = await _stderr.ConfigureAwait(false);
            throw new InvalidOperationException($"ffmpeg exited with code {_process.ExitCode}: {stderr}");
        }
    }

    /// <summary>Kills ffmpeg (if still running) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // The process had already exited: nothing to stop.
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    // stderr must be drained or ffmpeg blocks once the pipe buffer fills; only the tail is kept.
    private static async Task<string> DrainAsync(StreamReader stderr)
    {
        var tail = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await stderr.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > StderrTail)
            {
                tail.Remove(0, tail.Length - StderrTail);
            }
        }

        return tail.ToString();
    }
}
