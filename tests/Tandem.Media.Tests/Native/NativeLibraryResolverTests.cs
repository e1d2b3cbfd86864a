using System.Runtime.InteropServices;
using Tandem.Media.Native;
using Tandem.Media.Opus;

namespace Tandem.Media.Tests.Native;

public partial class NativeLibraryResolverTests
{
    private static readonly NativeLibrarySpec Missing = new(
        "tandem-missing-codec", ["libtandem-missing-codec.so.1"], ["libtandem-missing-codec.1.dylib"], ["tandem-missing-codec.dll"], RequiredExport: null, Remedy: "install tandem-missing-codec");

    static NativeLibraryResolverTests() =>
        NativeLibraryResolver.Register(typeof(NativeLibraryResolverTests).Assembly, [Missing], NativePlatform.Current, SystemNativeLoader.Instance);

    [Fact]
    public void PInvoke_LibraryMissing_ThrowsOurErrorThroughTheRuntime()
    {
        var error = Assert.Throws<NativeLibraryNotFoundException>(() => MissingFunction());

        Assert.Equal("tandem-missing-codec", error.Library);
        Assert.Equal(NativePlatform.Current.Rid, error.Rid);
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes", NativePlatform.Current.Rid, "native"), error.Tried[0], StringComparison.Ordinal);
        Assert.Equal("libtandem-missing-codec.so.1", error.Tried[^1]);
        Assert.Contains("Fix: install tandem-missing-codec, or ship it with the app as runtimes/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PInvoke_Opus_ResolvesThroughTheResolver()
    {
        // OpusNative imports the logical name "opus", which only the resolver turns into a file.
        using var encoder = new OpusEncoder();

        Assert.Contains("libopus", OpusPacket.LibraryVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Current_ProbesAppDirectoryAndPortableRid()
    {
        var platform = NativePlatform.Current;

        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), platform.Directories[0]);
        Assert.Contains($"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", platform.Rids);
        Assert.Equal(NativeOs.Linux, platform.Os);
    }

    [LibraryImport("tandem-missing-codec", EntryPoint = "codec_version")]
    private static partial int MissingFunction();
}
