using Tandem.Cli.App;
using Tandem.Cli.Device;
using Tandem.Cli.Options;

namespace Tandem.Cli.Tests.Integration;

/// <summary>
/// One <c>tandem device</c> or <c>tandem app</c> run in this process, against a real server, with its
/// stdout and stderr captured line by line (stderr lines start with "stderr: ").
/// </summary>
internal sealed class CommandRun
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly LineWriter _output;
    private readonly LineWriter _errors;

    private CommandRun(Func<TextWriter, TextWriter, Task<int>> run)
    {
        var lines = new List<string>();
        _output = new LineWriter(lines, "");
        _errors = new LineWriter(lines, "stderr: ");
        Lines = lines;
        Exit = Task.Run(() => run(_output, _errors));
    }

    /// <summary>Every line so far, in order (read under a lock on it).</summary>
    public List<string> Lines { get; }

    /// <summary>The exit code, when the command ends.</summary>
    public Task<int> Exit { get; }

    public static CommandRun Device(params string[] args)
    {
        Assert.True(DeviceOptionsParser.TryParse(args, out var options, out var error), error);
        return new CommandRun((output, errors) => DeviceCommand.RunAsync(options!, output, errors));
    }

    public static CommandRun App(params string[] args)
    {
        Assert.True(AppOptionsParser.TryParse(args, out var options, out var error), error);
        return new CommandRun((output, errors) => AppCommand.RunAsync(options!, output, errors));
    }

    /// <summary>A copy of the lines so far.</summary>
    public string[] Snapshot()
    {
        lock (Lines)
        {
            return [.. Lines];
        }
    }

    /// <summary>Waits for a line equal to <paramref name="line"/>.</summary>
    public Task WaitForLineAsync(string line) => WaitForAsync(l => l == line, $"the line '{line}'");

    /// <summary>Waits until <paramref name="count"/> lines satisfy <paramref name="match"/>.</summary>
    public async Task WaitForAsync(Func<string, bool> match, string what, int count = 1)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (Snapshot().Count(match) < count)
        {
            if (DateTime.UtcNow > deadline || Exit.IsCompleted)
            {
                Assert.Fail($"no {what}{(Exit.IsCompleted ? $" (it exited with {Exit.Result})" : $" within {Wait.TotalSeconds} s")}:\n{string.Join('\n', Snapshot())}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the command to end; returns its exit code.</summary>
    public async Task<int> ExitCodeAsync() => await Exit.WaitAsync(Wait);

    /// <summary>Collects whole lines into a shared list.</summary>
    private sealed class LineWriter(List<string> lines, string prefix) : TextWriter
    {
        private readonly System.Text.StringBuilder _partial = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (lines)
            {
                if (value == '\n')
                {
                    lines.Add(prefix + _partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(value);
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (lines)
            {
                lines.Add(prefix + _partial + value);
                _partial.Clear();
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
