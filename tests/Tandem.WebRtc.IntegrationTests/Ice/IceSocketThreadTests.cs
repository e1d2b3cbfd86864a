using System.Net;

namespace Tandem.WebRtc.IntegrationTests.Ice;

/// <summary>Each ICE socket receives on a thread of its own, which ends when the agent is disposed.</summary>
public class IceSocketThreadTests
{
    [Fact]
    public async Task Dispose_ConnectedAgents_EndsTheirReceiveThreads()
    {
        var pair = new LoopbackIcePair(IPAddress.Loopback);
        string[] names;
        try
        {
            await pair.ConnectAsync();
            names = [.. pair.A.LocalCandidates.Concat(pair.B.LocalCandidates).Select(c => $"ice-udp {c.Port}")];
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.Contains(name, ThreadNames()));
        }
        finally
        {
            pair.Dispose();
        }

        // Closing a socket wakes its blocked receive at once; 5 s is far below anything but a thread that never ends.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (names.Any(ThreadNames().Contains) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.DoesNotContain(ThreadNames(), names.Contains);
    }

    // Linux names each thread in /proc/self/task/TID/comm (the first 15 bytes of Thread.Name).
    private static HashSet<string> ThreadNames() =>
        [.. Directory.EnumerateDirectories("/proc/self/task").Select(task => ReadComm(task)).OfType<string>()];

    private static string? ReadComm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            // The thread ended while we listed it.
            return null;
        }
    }
}
