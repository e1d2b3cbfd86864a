using System.Globalization;
using System.Runtime.InteropServices;
using Tandem.Cli.Device;

namespace Tandem.Cli.Tests.Device;

/// <summary>
/// The glasses' process runs at the priority Chromium gives its WebRTC threads: every thread it has, and
/// every thread it starts later, at nice −8 (or a note saying why not, without the privilege).
/// </summary>
public partial class MediaPriorityTests
{
    [Fact]
    public void TryRaise_AsRoot_RaisesEveryThreadAndThoseStartedLater_ElseSaysWhy()
    {
        try
        {
            var why = MediaPriority.TryRaise();
            if (Environment.UserName != "root")
            {
                Assert.Contains("CAP_SYS_NICE", why, StringComparison.Ordinal);
                return;
            }

            Assert.Null(why);
            Assert.All(Directory.EnumerateDirectories("/proc/self/task").Select(NiceOf).OfType<int>(), nice => Assert.Equal(MediaPriority.Nice, nice));
            int? later = null;
            var thread = new Thread(() => later = NiceOf("/proc/thread-self"));
            thread.Start();
            thread.Join();
            Assert.Equal(MediaPriority.Nice, later);
        }
        finally
        {
            // Back to the default, so the rest of the test run does not run raised.
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                _ = SetPriority(0, int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture), 0);
            }
        }
    }

    /// <summary>proc(5): field 19 of <c>stat</c> is the nice value (fields counted after the parenthesised name).</summary>
    private static int? NiceOf(string task)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(task, "stat"));
        }
        catch (IOException)
        {
            return null; // The thread ended meanwhile.
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
