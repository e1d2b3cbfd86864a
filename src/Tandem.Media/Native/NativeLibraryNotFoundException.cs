using System.Text;

namespace Tandem.Media.Native;

/// <summary>
/// A native library Tandem.Media needs (libopus, libx264) was found nowhere it looked. The message
/// names the library, the platform, every place tried and how to fix it.
/// </summary>
public sealed class NativeLibraryNotFoundException : DllNotFoundException
{
    internal NativeLibraryNotFoundException(NativeLibrarySpec spec, NativePlatform platform, IReadOnlyList<NativeLibraryProbe.Attempt> attempts)
        : base(Describe(spec, platform, attempts))
    {
        Library = spec.Name;
        Rid = platform.Rid;
        Tried = attempts.Select(a => a.Candidate).ToArray();
    }

    /// <summary>The library's logical name (<c>opus</c>, <c>x264</c>).</summary>
    public string Library { get; }

    /// <summary>The runtime identifier of the process (e.g. <c>linux-arm64</c>).</summary>
    public string Rid { get; }

    /// <summary>The paths and bare names tried, in order.</summary>
    public IReadOnlyList<string> Tried { get; }

    private static string Describe(NativeLibrarySpec spec, NativePlatform platform, IReadOnlyList<NativeLibraryProbe.Attempt> attempts)
    {
        var files = spec.FilesFor(platform);
        var text = new StringBuilder()
            .Append("Native library '").Append(spec.Name).Append("' (").AppendJoin(", ", files)
            .Append(") could not be loaded on ").Append(platform.Rid).Append(". Tried, in order:");
        foreach (var attempt in attempts)
        {
            text.Append("\n  ").Append(attempt.Candidate).Append(" — ").Append(attempt.Outcome);
        }

        return text.Append("\nFix: ").Append(spec.Remedy)
            .Append(", or ship it with the app as runtimes/").Append(platform.Rid).Append("/native/").Append(files[0])
            .Append(" (or next to the app).")
            .ToString();
    }
}
