using Tandem.Testing.Processes;

namespace Tandem.LatencyBench;

/// <summary>One busy shell loop per core, at normal priority: the "two other heavy jobs" of issue 14's measurement.</summary>
internal sealed class CpuHog : IAsyncDisposable
{
    private readonly List<ChildProcess> _loops;

    private CpuHog(List<ChildProcess> loops) => _loops = loops;

    public static CpuHog Start() =>
        new([.. Enumerable.Range(0, Environment.ProcessorCount).Select(i => ChildProcess.StartProgram($"hog {i}", "/bin/sh", ["-c", "while :; do :; done"]))]);

    public async ValueTask DisposeAsync()
    {
        foreach (var loop in _loops)
        {
            await loop.DisposeAsync();
        }
    }
}
