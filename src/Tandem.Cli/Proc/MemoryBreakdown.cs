using System.Globalization;

namespace Tandem.Cli.Proc;

/// <summary>
/// Where a process's resident memory lives, from /proc/PID/smaps (proc(5)): file-backed pages
/// (code, mapped assemblies), anonymous pages, and the anonymous pages of the largest mapping,
/// which for a .NET process is the GC's reserved region range (the managed heap).
/// </summary>
/// <param name="FileRssBytes">Resident pages backed by files.</param>
/// <param name="AnonRssBytes">Resident anonymous pages (heaps, stacks, buffers).</param>
/// <param name="LargestMappingRssBytes">Resident pages of the largest mapping by size.</param>
public readonly record struct MemoryBreakdown(long FileRssBytes, long AnonRssBytes, long LargestMappingRssBytes)
{
    /// <summary>Reads process <paramref name="pid"/>; false when /proc is unreadable.</summary>
    public static bool TryRead(int pid, out MemoryBreakdown breakdown)
    {
        breakdown = default;
        try
        {
            breakdown = Parse(File.ReadLines($"/proc/{pid}/smaps"));
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

    /// <summary>Sums the lines of an smaps file.</summary>
    public static MemoryBreakdown Parse(IEnumerable<string> smaps)
    {
        long file = 0, anon = 0, largestSize = -1, largestRss = 0, size = 0;
        var isFile = false;
        foreach (var line in smaps)
        {
            if (IsMappingHeader(line, out var pathname))
            {
                isFile = pathname.StartsWith('/');
                size = 0;
            }
            else if (TryKb(line, "Size:", out var kb))
            {
                size = kb;
            }
            else if (TryKb(line, "Rss:", out var rss))
            {
                if (isFile)
                {
                    file += rss;
                }
                else
                {
                    anon += rss;
                    if (size > largestSize)
                    {
                        (largestSize, largestRss) = (size, rss);
                    }
                }
            }
        }

        return new MemoryBreakdown(file * 1024, anon * 1024, largestRss * 1024);
    }

    private static bool IsMappingHeader(string line, out string pathname)
    {
        // "7f0c2a000000-7f0c2a021000 rw-p 00000000 00:00 0    [pathname]": the first field is a hex range.
        pathname = "";
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (dash <= 0 || space <= dash || !long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        pathname = fields.Length >= 6 ? fields[5].Trim() : "";
        return true;
    }

    private static bool TryKb(string line, string name, out long kb)
    {
        kb = 0;
        return line.StartsWith(name, StringComparison.Ordinal)
            && long.TryParse(line.AsSpan(name.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out kb);
    }
}
