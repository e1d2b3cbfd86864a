using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Tandem.Media.Native;

/// <summary>
/// The <see cref="NativeLibrary.SetDllImportResolver"/> hook of an assembly: maps the logical names of its
/// <c>LibraryImport</c>s (<c>opus</c>, <c>x264</c>) to a handle found by <see cref="NativeLibraryProbe"/>.
/// Binding classes call <see cref="EnsureRegistered"/> from their static constructor, which runs before
/// their first P/Invoke binds.
/// </summary>
internal static class NativeLibraryResolver
{
    // One resolver per assembly is all the runtime allows; the set records which are done.
    private static readonly ConcurrentDictionary<Assembly, bool> Registered = new();

    // A library is probed once per process; later binds reuse its handle.
    private static readonly ConcurrentDictionary<NativeLibrarySpec, IntPtr> Handles = new();

    /// <summary>Registers the resolver for Tandem.Media (idempotent, thread-safe).</summary>
    public static void EnsureRegistered() => Register(typeof(NativeLibraryResolver).Assembly, NativeLibrarySpec.All, NativePlatform.Current, SystemNativeLoader.Instance);

    /// <summary>Registers a resolver for <paramref name="assembly"/> over <paramref name="specs"/> (tests pass their own).</summary>
    internal static void Register(Assembly assembly, IReadOnlyList<NativeLibrarySpec> specs, NativePlatform platform, INativeLoader loader)
    {
        if (Registered.TryAdd(assembly, true))
        {
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => Resolve(name, specs, platform, loader));
        }
    }

    private static IntPtr Resolve(string name, IReadOnlyList<NativeLibrarySpec> specs, NativePlatform platform, INativeLoader loader)
    {
        var spec = specs.FirstOrDefault(s => s.Name == name);

        // A name we do not know takes the runtime's default probing.
        return spec is null ? IntPtr.Zero : Handles.GetOrAdd(spec, s => NativeLibraryProbe.Load(s, platform, loader));
    }
}
