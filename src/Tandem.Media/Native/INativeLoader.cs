namespace Tandem.Media.Native;

/// <summary>The operations probing needs from the operating system; a seam so tests can fake the file system.</summary>
internal interface INativeLoader
{
    /// <summary>Whether a file exists at <paramref name="path"/>.</summary>
    bool FileExists(string path);

    /// <summary>Loads a library by path, or by bare name through the system's search (dlopen / LoadLibrary rules).</summary>
    bool TryLoad(string pathOrName, out IntPtr handle);

    /// <summary>Whether the loaded library exports <paramref name="symbol"/>.</summary>
    bool HasExport(IntPtr handle, string symbol);

    /// <summary>Unloads a library that turned out to be the wrong one.</summary>
    void Free(IntPtr handle);
}

/// <summary>The real file system and <see cref="System.Runtime.InteropServices.NativeLibrary"/>.</summary>
internal sealed class SystemNativeLoader : INativeLoader
{
    public static SystemNativeLoader Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool TryLoad(string pathOrName, out IntPtr handle) =>
        System.Runtime.InteropServices.NativeLibrary.TryLoad(pathOrName, out handle);

    public bool HasExport(IntPtr handle, string symbol) =>
        System.Runtime.InteropServices.NativeLibrary.TryGetExport(handle, symbol, out _);

    public void Free(IntPtr handle) => System.Runtime.InteropServices.NativeLibrary.Free(handle);
}
