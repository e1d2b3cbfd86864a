using Tandem.Load.Proc;

namespace Tandem.Load.Runner;

/// <summary>Samples the server process (when known) and this process around a measured phase.</summary>
public sealed class ServerWatch
{
    private readonly ProcessProbe? _server;
    private ProcessSample? _serverStart;
    private TimeSpan _clientStart;
    private DateTime _wallStart;

    /// <summary>Watches <paramref name="pid"/>, or nothing when null.</summary>
    public ServerWatch(int? pid) => _server = pid is { } p ? new ProcessProbe(p) : null;

    /// <summary>The watched process id, if any.</summary>
    public int? Pid => _server?.Pid;

    /// <summary>Finds the server: <paramref name="pid"/> if given, else the listener of <paramref name="server"/>'s port.</summary>
    public static ServerWatch Find(int? pid, Uri server) =>
        new(pid ?? (OperatingSystem.IsLinux() ? ListenerFinder.FindPid(server.Port) : null));

    /// <summary>The server's RSS now, in MiB, or null.</summary>
    public double? RssMb() => _server is not null && _server.TrySample(out var s) ? s.RssBytes / 1048576.0 : null;

    /// <summary>The server's memory split (smaps), or null.</summary>
    public MemoryBreakdown? Memory() => _server is not null && MemoryBreakdown.TryRead(_server.Pid, out var m) ? m : null;

    /// <summary>Marks the start of the measured phase.</summary>
    public void Start()
    {
        _serverStart = _server is not null && _server.TrySample(out var s) ? s : null;
        _clientStart = Environment.CpuUsage.TotalTime;
        _wallStart = DateTime.UtcNow;
    }

    /// <summary>Reads the figures at the end of the measured phase.</summary>
    /// <remarks>Client CPU is this process's user + system time (<see cref="Environment.CpuUsage"/>) over the phase.</remarks>
    public (double? RssMb, double? PeakMb, double? CpuPercent, double ClientCpuPercent, double ClientCpuSeconds) Stop()
    {
        var wall = Math.Max(1e-9, (DateTime.UtcNow - _wallStart).TotalSeconds);
        var clientSeconds = (Environment.CpuUsage.TotalTime - _clientStart).TotalSeconds;
        var client = clientSeconds * 100 / wall;
        if (_server is null || !_server.TrySample(out var end))
        {
            return (null, null, null, client, clientSeconds);
        }

        double? cpu = _serverStart is { } start ? (end.CpuSeconds - start.CpuSeconds) * 100 / wall : null;
        return (end.RssBytes / 1048576.0, end.PeakRssBytes / 1048576.0, cpu, client, clientSeconds);
    }
}
