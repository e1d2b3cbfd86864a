using System.Globalization;

namespace Tandem.Load.Proc;

/// <summary>
/// Where a process's resident memory lives, from /proc/PID/smaps (proc(5)): file-backed pages
/// (code, mapped assemblies), anonymous pages, and the anonymous pages of the largest mapping,
/// and its contiguous anonymous neighbours: for a .NET process, the GC's reserved region range (the managed heap).
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
        var maps = new List<Mapping>();
        foreach (var line in smaps)
        {
            if (IsMappingHeader(line, out var start, out var end, out var pathname))
            {
                maps.Add(new Mapping(start, end, pathname.StartsWith('/'), 0));
            }
            else if (maps.Count > 0 && TryKb(line, "Rss:", out var rss))
            {
                maps[^1] = maps[^1] with { RssKb = rss };
            }
        }

        long file = 0, anon = 0;
        var largest = -1;
        for (var i = 0; i < maps.Count; i++)
        {
            if (maps[i].IsFile)
            {
                file += maps[i].RssKb;
                continue;
            }

            anon += maps[i].RssKb;
            if (largest < 0 || maps[i].Size > maps[largest].Size)
            {
                largest = i;
            }
        }

        return new MemoryBreakdown(file * 1024, anon * 1024, largest < 0 ? 0 : ContiguousAnonRssKb(maps, largest) * 1024);
    }

    // The GC reserves one large range and commits pieces of it, which splits it into neighbouring
    // mappings with other protections: the heap is the run of contiguous anonymous mappings around
    // the largest one.
    private static long ContiguousAnonRssKb(List<Mapping> maps, int largest)
    {
        var rss = maps[largest].RssKb;
        for (var i = largest - 1; i >= 0 && !maps[i].IsFile && maps[i].End == maps[i + 1].Start; i--)
        {
            rss += maps[i].RssKb;
        }

        for (var i = largest + 1; i < maps.Count && !maps[i].IsFile && maps[i].Start == maps[i - 1].End; i++)
        {
            rss += maps[i].RssKb;
        }

        return rss;
    }

    private static bool IsMappingHeader(string line, out ulong start, out ulong end, out string pathname)
    {
        // "7f0c2a000000-7f0c2a021000 rw-p 00000000 00:00 0    [pathname]": the first field is a hex range.
        pathname = "";
        end = 0;
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (dash <= 0 || space <= dash
            || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out start)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out end))
        {
            start = 0;
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

    private readonly record struct Mapping(ulong Start, ulong End, bool IsFile, long RssKb)
    {
        public ulong Size => End - Start;
    }
}
