using Tandem.Media.Native;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Native;

public class NativeLibraryProbeTests
{
    private static readonly NativeLibrarySpec Codec = new(
        "codec", ["libcodec.so.3", "libcodec.so"], ["libcodec.3.dylib"], ["codec.dll"], RequiredExport: null, Remedy: "install libcodec3");

    private static NativePlatform Linux(params string[] directories) => new(NativeOs.Linux, ["linux-arm64"], directories);

    [Fact]
    public void Candidates_AppRuntimesFolderThenAppFolderThenSystem()
    {
        var candidates = NativeLibraryProbe.Candidates(Codec, new NativePlatform(NativeOs.Linux, ["linux-musl-arm64", "linux-arm64"], ["/app", "/lib/tandem"]));

        Assert.Equal(
        [
            "/app/runtimes/linux-musl-arm64/native/libcodec.so.3", "/app/runtimes/linux-musl-arm64/native/libcodec.so",
            "/app/runtimes/linux-arm64/native/libcodec.so.3", "/app/runtimes/linux-arm64/native/libcodec.so",
            "/app/libcodec.so.3", "/app/libcodec.so",
            "/lib/tandem/runtimes/linux-musl-arm64/native/libcodec.so.3", "/lib/tandem/runtimes/linux-musl-arm64/native/libcodec.so",
            "/lib/tandem/runtimes/linux-arm64/native/libcodec.so.3", "/lib/tandem/runtimes/linux-arm64/native/libcodec.so",
            "/lib/tandem/libcodec.so.3", "/lib/tandem/libcodec.so",
            "libcodec.so.3", "libcodec.so",
        ],
        candidates);
    }

    [Fact]
    public void Candidates_MacAndWindows_UseTheirFileNames()
    {
        Assert.Equal(["/app/runtimes/osx-arm64/native/libcodec.3.dylib", "/app/libcodec.3.dylib", "libcodec.3.dylib"], NativeLibraryProbe.Candidates(Codec, new NativePlatform(NativeOs.MacOS, ["osx-arm64"], ["/app"])));
        Assert.Equal(["codec.dll"], NativeLibraryProbe.Candidates(Codec, new NativePlatform(NativeOs.Windows, ["win-x64"], [])));
    }

    [Fact]
    public void Load_AppCopyPresent_LoadsItBeforeTheSystemOne()
    {
        var loader = new FakeLoader { Files = { "/app/runtimes/linux-arm64/native/libcodec.so" }, Loadable = { "/app/runtimes/linux-arm64/native/libcodec.so", "libcodec.so.3" } };

        IntPtr handle = NativeLibraryProbe.Load(Codec, Linux("/app"), loader);

        Assert.Equal(loader.HandleOf("/app/runtimes/linux-arm64/native/libcodec.so"), handle);
        Assert.Equal(["/app/runtimes/linux-arm64/native/libcodec.so"], loader.LoadAttempts);
    }

    [Fact]
    public void Load_NoAppCopy_FallsBackToSystemNamesInOrder()
    {
        var loader = new FakeLoader { Loadable = { "libcodec.so" } };

        IntPtr handle = NativeLibraryProbe.Load(Codec, Linux("/app"), loader);

        Assert.Equal(loader.HandleOf("libcodec.so"), handle);

        // Paths that do not exist are never handed to the loader; the system names are, in order.
        Assert.Equal(["libcodec.so.3", "libcodec.so"], loader.LoadAttempts);
    }

    [Fact]
    public void Load_FileWithoutRequiredExport_IsFreedAndSkipped()
    {
        var spec = Codec with { RequiredExport = "codec_open_7" };
        var loader = new FakeLoader
        {
            Files = { "/app/libcodec.so.3" },
            Loadable = { "/app/libcodec.so.3", "libcodec.so.3" },
            Exporting = { "libcodec.so.3" },
        };

        IntPtr handle = NativeLibraryProbe.Load(spec, Linux("/app"), loader);

        Assert.Equal(loader.HandleOf("libcodec.so.3"), handle);
        Assert.Equal([loader.HandleOf("/app/libcodec.so.3")], loader.Freed);
    }

    [Fact]
    public void Load_NothingFound_ThrowsNamingLibraryPlatformPathsAndFix()
    {
        var spec = Codec with { RequiredExport = "codec_open_7" };
        var loader = new FakeLoader { Files = { "/app/libcodec.so" }, Loadable = { "/app/libcodec.so" } };

        var error = Assert.Throws<NativeLibraryNotFoundException>(() => NativeLibraryProbe.Load(spec, Linux("/app"), loader));

        Assert.Equal("codec", error.Library);
        Assert.Equal("linux-arm64", error.Rid);
        Assert.Equal(NativeLibraryProbe.Candidates(spec, Linux("/app")), error.Tried);
        Assert.IsAssignableFrom<DllNotFoundException>(error);
        Assert.Equal(
            """
            Native library 'codec' (libcodec.so.3, libcodec.so) could not be loaded on linux-arm64. Tried, in order:
              /app/runtimes/linux-arm64/native/libcodec.so.3 — not found
              /app/runtimes/linux-arm64/native/libcodec.so — not found
              /app/libcodec.so.3 — not found
              /app/libcodec.so — wrong build (no codec_open_7)
              libcodec.so.3 — not found
              libcodec.so — not found
            Fix: install libcodec3, or ship it with the app as runtimes/linux-arm64/native/libcodec.so.3 (or next to the app).
            """.ReplaceLineEndings("\n"),
            error.Message);
    }

    [Fact]
    public void Load_RealLibraryInAppRuntimesFolder_IsTheOneLoaded()
    {
        using var temp = new TempDirectory();
        var platform = NativePlatform.Current with { Directories = [temp.Path] };
        string local = Path.Combine(temp.Path, "runtimes", platform.Rid, "native", "libopus.so.0");
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.Copy(SystemOpusPath(), local);
        var recorder = new PathRecorder();

        IntPtr handle = NativeLibraryProbe.Load(NativeLibrarySpec.Opus, platform, recorder);

        Assert.NotEqual(IntPtr.Zero, handle);
        Assert.Equal([local], recorder.Loaded);
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryGetExport(handle, "opus_encoder_create", out _));
    }

    // Where the dynamic loader finds libopus.so.0 on this machine: load it, then read the mapping's path.
    private static string SystemOpusPath()
    {
        System.Runtime.InteropServices.NativeLibrary.Load("libopus.so.0");
        return File.ReadLines("/proc/self/maps").Select(line => line[(line.IndexOf('/', StringComparison.Ordinal) is var i && i >= 0 ? i : line.Length)..])
            .First(path => Path.GetFileName(path).StartsWith("libopus.so", StringComparison.Ordinal));
    }

    /// <summary>The real loader, remembering which candidates it loaded.</summary>
    private sealed class PathRecorder : INativeLoader
    {
        public List<string> Loaded { get; } = [];

        public bool FileExists(string path) => SystemNativeLoader.Instance.FileExists(path);

        public bool TryLoad(string pathOrName, out IntPtr handle)
        {
            bool loaded = SystemNativeLoader.Instance.TryLoad(pathOrName, out handle);
            if (loaded)
            {
                Loaded.Add(pathOrName);
            }

            return loaded;
        }

        public bool HasExport(IntPtr handle, string symbol) => SystemNativeLoader.Instance.HasExport(handle, symbol);

        public void Free(IntPtr handle) => SystemNativeLoader.Instance.Free(handle);
    }

    /// <summary>A file system and loader in memory: handles are 1 + the index of the name in <see cref="Loadable"/>.</summary>
    private sealed class FakeLoader : INativeLoader
    {
        public HashSet<string> Files { get; } = [];

        public List<string> Loadable { get; } = [];

        public HashSet<string> Exporting { get; } = [];

        public List<string> LoadAttempts { get; } = [];

        public List<IntPtr> Freed { get; } = [];

        public IntPtr HandleOf(string name) => Loadable.IndexOf(name) + 1;

        public bool FileExists(string path) => Files.Contains(path);

        public bool TryLoad(string pathOrName, out IntPtr handle)
        {
            LoadAttempts.Add(pathOrName);
            handle = HandleOf(pathOrName);
            return handle != 0;
        }

        public bool HasExport(IntPtr handle, string symbol) => Exporting.Contains(Loadable[(int)handle - 1]);

        public void Free(IntPtr handle) => Freed.Add(handle);
    }
}
