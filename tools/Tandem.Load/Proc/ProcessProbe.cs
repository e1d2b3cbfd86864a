using System.Globalization;

namespace Tandem.Load.Proc;

/// <summary>Reads a process's memory and CPU time from /proc (proc(5)).</summary>
public sealed class ProcessProbe
{
    // proc(5): utime and stime are in clock ticks; sysconf(_SC_CLK_TCK) is 100 on every Linux ABI we run on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Probes process <paramref name="pid"/>.</summary>
    public ProcessProbe(int pid) => Pid = pid;

    /// <summary>The probed process.</summary>
    public int Pid { get; }

    /// <summary>Reads the process now; false when it is gone or /proc is unreadable.</summary>
    public bool TrySample(out ProcessSample sample)
    {
        sample = default;
        try
        {
            var status = File.ReadAllText($"/proc/{Pid}/status");
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            if (!TryParseStatus(status, out var rss, out var peak, out var threads) || !TryParseCpu(stat, out var cpu))
            {
                return false;
            }

            sample = new ProcessSample(rss, peak, cpu, threads);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads VmRSS, VmHWM (kB) and Threads from the text of /proc/PID/status.</summary>
    public static bool TryParseStatus(string status, out long rssBytes, out long peakBytes, out int threads)
    {
        rssBytes = peakBytes = 0;
        threads = 0;
        var found = 0;
        foreach (var line in status.Split('\n'))
        {
            if (TryField(line, "VmRSS:", out var rss))
            {
                rssBytes = rss * 1024;
                found++;
            }
            else if (TryField(line, "VmHWM:", out var hwm))
            {
                peakBytes = hwm * 1024;
            }
            else if (TryField(line, "Threads:", out var t))
            {
                threads = (int)t;
            }
        }

        return found == 1;
    }

    /// <summary>Reads utime + stime (fields 14 and 15) from the text of /proc/PID/stat, in seconds.</summary>
    public static bool TryParseCpu(string stat, out double cpuSeconds)
    {
        cpuSeconds = 0;
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 14 is fields[11] and field 15 is fields[12].
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system))
        {
            return false;
        }

        cpuSeconds = (user + system) / ClockTicksPerSecond;
        return true;
    }

    private static bool TryField(string line, string name, out long value)
    {
        value = 0;
        if (!line.StartsWith(name, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[name.Length..].Trim();
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return long.TryParse(space < 0 ? rest : rest[..space], NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
