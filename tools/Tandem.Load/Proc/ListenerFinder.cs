using System.Globalization;

namespace Tandem.Load.Proc;

/// <summary>Finds the process listening on a TCP port, from /proc/net/tcp{,6} and /proc/*/fd (proc(5)).</summary>
public static class ListenerFinder
{
    // include/net/tcp_states.h: TCP_LISTEN = 10.
    private const string ListenState = "0A";

    /// <summary>The id of a process with a listening socket on <paramref name="port"/>, or null.</summary>
    public static int? FindPid(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                foreach (var line in File.ReadLines(table).Skip(1))
                {
                    if (TryParseListener(line, out var listenPort, out var inode) && listenPort == port)
                    {
                        inodes.Add($"socket:[{inode}]");
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        return inodes.Count == 0 ? null : FindOwner(inodes);
    }

    /// <summary>Reads a line of /proc/net/tcp: local port and inode of a socket in LISTEN state.</summary>
    public static bool TryParseListener(string line, out int port, out string inode)
    {
        port = 0;
        inode = "";
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 10 || fields[3] != ListenState)
        {
            return false;
        }

        var colon = fields[1].LastIndexOf(':');
        if (colon < 0 || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        inode = fields[9];
        return true;
    }

    private static int? FindOwner(HashSet<string> inodes)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"{dir}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
