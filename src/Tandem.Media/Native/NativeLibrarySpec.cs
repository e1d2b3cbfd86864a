namespace Tandem.Media.Native;

/// <summary>
/// A native library Tandem.Media calls into: the logical name its <c>LibraryImport</c>s use and the
/// file names it goes by on each platform, most specific (the ABI we were built against) first.
/// </summary>
/// <param name="Name">The logical name in <c>[LibraryImport]</c> (e.g. <c>opus</c>).</param>
/// <param name="LinuxFiles">ELF file names (also Android).</param>
/// <param name="MacFiles">Mach-O file names.</param>
/// <param name="WindowsFiles">DLL names.</param>
/// <param name="RequiredExport">A symbol the right ABI exports; a file without it is skipped (null: any file will do).</param>
/// <param name="Remedy">How to install it on Debian, the platform we test on.</param>
internal sealed record NativeLibrarySpec(
    string Name,
    string[] LinuxFiles,
    string[] MacFiles,
    string[] WindowsFiles,
    string? RequiredExport,
    string Remedy)
{
    /// <summary>libopus, ABI 0 (opus.h, https://opus-codec.org/docs/).</summary>
    public static NativeLibrarySpec Opus { get; } = new(
        "opus",
        ["libopus.so.0", "libopus.so"],
        ["libopus.0.dylib", "libopus.dylib"],
        ["opus.dll", "libopus-0.dll"],
        RequiredExport: null,
        Remedy: "install libopus0 (Debian/Ubuntu: apt-get install libopus0)");

    /// <summary>
    /// libx264, X264_BUILD 164 (x264.h: the open function is exported as <c>x264_encoder_open_164</c>, so
    /// another build, whose structures may differ, is refused rather than misread).
    /// </summary>
    public static NativeLibrarySpec X264 { get; } = new(
        "x264",
        ["libx264.so.164", "libx264.so"],
        ["libx264.164.dylib", "libx264.dylib"],
        ["libx264-164.dll"],
        RequiredExport: "x264_encoder_open_164",
        Remedy: "install libx264-164 (Debian 12/Ubuntu: apt-get install libx264-164)");

    /// <summary>The libraries this assembly resolves.</summary>
    public static IReadOnlyList<NativeLibrarySpec> All { get; } = [Opus, X264];

    /// <summary>The file names on <paramref name="platform"/>.</summary>
    public IReadOnlyList<string> FilesFor(NativePlatform platform) => platform.Os switch
    {
        NativeOs.MacOS => MacFiles,
        NativeOs.Windows => WindowsFiles,
        _ => LinuxFiles,
    };
}
