namespace Tandem.Testing;

/// <summary>
/// Waits for a condition that another thread (a socket, a session, a child process) makes true. A
/// deadline, never a fixed sleep: the wait ends as soon as the condition holds, and a timeout names what
/// never happened. Linked into each test project that polls.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Returns once <paramref name="condition"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            await Task.Delay(Interval);
        }
    }
}
