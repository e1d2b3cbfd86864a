using System.Runtime.InteropServices;

namespace Tandem.Media.Native;

/// <summary>The operating-system families whose library file names differ.</summary>
internal enum NativeOs
{
    /// <summary>Linux and Android (ELF <c>.so</c>).</summary>
    Linux,

    /// <summary>macOS (<c>.dylib</c>).</summary>
    MacOS,

    /// <summary>Windows (<c>.dll</c>).</summary>
    Windows,
}

/// <summary>
/// Where native libraries are looked for: the runtime identifiers whose <c>runtimes/&lt;rid&gt;/native/</c>
/// folders an app may ship, and the folders those live under (the app's base directory first).
/// </summary>
/// <param name="Os">The file-name family.</param>
/// <param name="Rids">Runtime identifiers, most specific first (e.g. <c>linux-musl-arm64</c>, <c>linux-arm64</c>).</param>
/// <param name="Directories">Folders searched before the system, each for <c>runtimes/&lt;rid&gt;/native/</c> and then itself.</param>
internal sealed record NativePlatform(NativeOs Os, IReadOnlyList<string> Rids, IReadOnlyList<string> Directories)
{
    /// <summary>The running process: its RID and portable RID, the app base directory and the directory of Tandem.Media.</summary>
    public static NativePlatform Current { get; } = Detect();

    /// <summary>The RID named in messages (the first one).</summary>
    public string Rid => Rids.Count > 0 ? Rids[0] : "unknown";

    private static NativePlatform Detect()
    {
        var os = OperatingSystem.IsWindows() ? NativeOs.Windows
            : OperatingSystem.IsMacOS() || OperatingSystem.IsMacCatalyst() ? NativeOs.MacOS
            : NativeOs.Linux;
        string prefix = OperatingSystem.IsAndroid() ? "android"
            : os == NativeOs.Windows ? "win"
            : os == NativeOs.MacOS ? "osx"
            : "linux";
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string portable = $"{prefix}-{arch}";

        string[] directories =
        [
            AppContext.BaseDirectory,
            Path.GetDirectoryName(typeof(NativePlatform).Assembly.Location) ?? string.Empty,
        ];
        return new NativePlatform(
            os,
            new[] { RuntimeInformation.RuntimeIdentifier, portable }.Distinct(StringComparer.Ordinal).ToArray(),
            directories.Where(d => d.Length > 0).Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal).ToArray());
    }
}
