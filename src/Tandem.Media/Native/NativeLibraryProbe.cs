namespace Tandem.Media.Native;

/// <summary>
/// Finds a native library: the app's own copies first — <c>&lt;dir&gt;/runtimes/&lt;rid&gt;/native/&lt;file&gt;</c>
/// for each RID, then <c>&lt;dir&gt;/&lt;file&gt;</c>, for the app base directory and the directory of
/// Tandem.Media — and only then the system's search by bare file name (<c>LD_LIBRARY_PATH</c>, the
/// ld.so cache; <c>DYLD_*</c>; <c>PATH</c>), so an app that ships a library always gets its own.
/// </summary>
internal static class NativeLibraryProbe
{
    /// <summary>One place looked at and what was found there.</summary>
    /// <param name="Candidate">A full path, or a bare file name handed to the system's search.</param>
    /// <param name="Outcome">"not found", "failed to load", "wrong build (no &lt;export&gt;)" or "loaded".</param>
    internal readonly record struct Attempt(string Candidate, string Outcome);

    /// <summary>The candidates in the order they are tried: app-local paths, then bare names.</summary>
    public static IReadOnlyList<string> Candidates(NativeLibrarySpec spec, NativePlatform platform)
    {
        var files = spec.FilesFor(platform);
        var candidates = new List<string>();
        foreach (string directory in platform.Directories)
        {
            foreach (string rid in platform.Rids)
            {
                candidates.AddRange(files.Select(f => Path.Combine(directory, "runtimes", rid, "native", f)));
            }

            candidates.AddRange(files.Select(f => Path.Combine(directory, f)));
        }

        candidates.AddRange(files);
        return candidates;
    }

    /// <summary>Loads the first candidate that exists, loads and (when the spec asks) has the right ABI.</summary>
    /// <exception cref="NativeLibraryNotFoundException">No candidate did; the message lists each attempt and the fix.</exception>
    public static IntPtr Load(NativeLibrarySpec spec, NativePlatform platform, INativeLoader loader)
    {
        var attempts = new List<Attempt>();
        foreach (string candidate in Candidates(spec, platform))
        {
            bool isPath = Path.IsPathRooted(candidate);
            if (isPath && !loader.FileExists(candidate))
            {
                attempts.Add(new(candidate, "not found"));
                continue;
            }

            if (!loader.TryLoad(candidate, out IntPtr handle))
            {
                attempts.Add(new(candidate, isPath ? "failed to load" : "not found"));
                continue;
            }

            if (spec.RequiredExport is { } export && !loader.HasExport(handle, export))
            {
                loader.Free(handle);
                attempts.Add(new(candidate, $"wrong build (no {export})"));
                continue;
            }

            return handle;
        }

        throw new NativeLibraryNotFoundException(spec, platform, attempts);
    }
}
