using System.Globalization;
using System.Runtime.InteropServices;

namespace Tandem.Cli.Device;

/// <summary>
/// Raises the glasses' process to the scheduling priority Chromium gives its WebRTC, IO and compositor
/// threads (nice −8 on Linux), so capture, encoding and sending keep their cadence on a busy CPU
/// instead of queueing behind every other job at the default priority.
/// </summary>
/// <remarks>
/// Linux keeps a nice value per thread and a new thread inherits its creator's, so every thread the
/// process has is raised, and those it creates later (thread-pool workers, socket threads) start raised.
/// A thread that a not yet raised one starts while the threads are being raised would keep the default, so
/// they are listed again until a whole list holds none that was not raised already: from then on every
/// creator is raised. Needs root or <c>CAP_SYS_NICE</c>; without it nothing changes and the caller is told why.
/// </remarks>
internal static partial class MediaPriority
{
    /// <summary>Chromium's nice value for display-critical and WebRTC threads on Linux.</summary>
    public const int Nice = -8;

    // sys/resource.h: PRIO_PROCESS; for a thread id, setpriority acts on that one thread.
    private const int PrioProcess = 0;

    // Lists of the threads at the most: a process that starts threads faster than they can be listed is left as it got.
    private const int MaxPasses = 20;

    /// <summary>Raises every thread of this process; null when done (or not Linux), else why it could not.</summary>
    public static string? TryRaise()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var raised = new HashSet<int>();
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var found = false;
                foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
                {
                    if (!int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) || !raised.Add(tid))
                    {
                        continue;
                    }

                    found = true;
                    if (SetPriority(PrioProcess, tid, Nice) != 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();

                        // ESRCH: the thread ended meanwhile.
                        if (errno != 3)
                        {
                            return $"could not raise the media threads' priority to nice {Nice} (errno {errno}; needs root or CAP_SYS_NICE): video may stutter while other jobs load the CPU";
                        }
                    }
                }

                if (!found)
                {
                    return null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"could not raise the media threads' priority: {e.Message}";
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
