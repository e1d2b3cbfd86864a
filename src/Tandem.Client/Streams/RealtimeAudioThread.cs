using System.Runtime.InteropServices;

namespace Tandem.Client.Streams;

/// <summary>
/// Gives the calling thread the real-time round-robin policy (<c>SCHED_RR</c>) on Linux, as browsers do for their
/// audio threads, so a microphone's 20 ms cadence wakes on time however busy the CPU is: at the ordinary policy the
/// pump queues behind the encoder's threads and every other job (on a loaded machine it read frames up to 38 ms late
/// and was preempted mid-encode for up to 107 ms, then sent what it had at once) — the jitter the receiver then buffers
/// audio for, and holds video back by through lip sync. The thread only sleeps, encodes 20 ms of audio
/// and sends it, so it never keeps a core from the rest. Needs root or <c>CAP_SYS_NICE</c> (or an <c>RLIMIT_RTPRIO</c>);
/// without, nothing changes and the caller is told why.
/// </summary>
internal static partial class RealtimeAudioThread
{
    /// <summary>The real-time priority asked for: low among real-time ones (1–99), above every ordinary thread.</summary>
    public const int Priority = 8;

    // sched.h (Linux): SCHED_RR; SCHED_RESET_ON_FORK: a thread this one creates (say a native library's) starts at the
    // ordinary policy instead of inheriting real-time priority.
    internal const int SchedRoundRobin = 2;
    private const int SchedResetOnFork = 0x40000000;

    /// <summary>Raises the calling thread; null when done (or not Linux), else why it could not.</summary>
    public static string? TryRaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // Linux: pid 0 is the calling thread (scheduling policy is per thread).
            var parameters = new SchedParam { Priority = Priority };
            if (SetScheduler(0, SchedRoundRobin | SchedResetOnFork, ref parameters) == 0)
            {
                return null;
            }

            return $"could not give the audio thread real-time priority (SCHED_RR, errno {Marshal.GetLastPInvokeError()}; needs root, CAP_SYS_NICE or an RLIMIT_RTPRIO): its audio may arrive in bursts while other jobs load the CPU";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"could not give the audio thread real-time priority: {e.Message}";
        }
    }

    /// <summary>The calling thread's scheduling policy (without the reset-on-fork flag); -1 off Linux.</summary>
    internal static int CurrentPolicy() => OperatingSystem.IsLinux() ? GetScheduler(0) & ~SchedResetOnFork : -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, ref SchedParam parameters);

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static partial int GetScheduler(int pid);
}
