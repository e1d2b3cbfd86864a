using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tandem.Testing;

/// <summary>
/// The host commands of the network-namespace harnesses (<c>ip</c>, <c>tc</c>, <c>sysctl</c>, <c>iptables</c>,
/// scripts): run to completion, a failure an exception naming the command and its error output. They need
/// root, as CI runs the tests; <see cref="RequireRoot"/> says how to run them otherwise.
/// </summary>
internal static partial class HostCommand
{
    /// <summary>Throws, naming <paramref name="what"/> and the command that runs those tests as root, unless this process is root.</summary>
    public static void RequireRoot(string what, string category)
    {
        if (GetEffectiveUserId() != 0)
        {
            throw new InvalidOperationException(
                $"{what} build network namespaces and need root (as CI runs them): sudo bash scripts/test.sh --filter Category={category}");
        }
    }

    /// <summary>Runs <paramref name="program"/> and waits for it; an <see cref="InvalidOperationException"/> with its error output when it fails.</summary>
    public static async Task RunAsync(string program, params string[] args)
    {
        using var run = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;

        // Both pipes read at once: a command that fills one while we wait on the other would never end.
        var output = run.StandardOutput.ReadToEndAsync();
        var error = await run.StandardError.ReadToEndAsync();
        await output;
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({run.ExitCode}): {error}");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
