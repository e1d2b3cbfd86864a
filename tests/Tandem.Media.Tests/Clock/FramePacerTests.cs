using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests.Clock;

/// <summary>How a paced <see cref="FramePacer"/> waits for a frame's slot.</summary>
public class FramePacerTests
{
    [Fact]
    public void NextAsync_OwnThreadOnTheSystemClock_SleepsUntilTheSlotAndReturnsCompleted()
    {
        var clock = new MediaClock();
        var pacer = new FramePacer(clock, TimeSpan.FromMilliseconds(20), paced: true);
        var completedAtOnce = new List<bool>();
        var earlyBy = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            for (var i = 0; i < 4; i++)
            {
                var next = pacer.NextAsync();
                completedAtOnce.Add(next.IsCompleted);
                var due = next.AsTask().GetAwaiter().GetResult();
                earlyBy = TimeSpan.FromTicks(Math.Max(earlyBy.Ticks, (due - clock.Now).Ticks));
            }
        });

        thread.Start();
        thread.Join();

        // The thread slept by itself (no timer whose wake-up waits for a pool thread), and never past the slot early.
        Assert.Equal([true, true, true, true], completedAtOnce);
        Assert.True(earlyBy <= TimeSpan.Zero, $"returned a slot {earlyBy.TotalMilliseconds} ms before it was due");
    }

    [Fact]
    public async Task NextAsync_OnThePool_AwaitsATimerInstead()
    {
        var time = new FakeTimeProvider();
        var pacer = new FramePacer(new MediaClock(time), TimeSpan.FromMilliseconds(20), paced: true);
        await pacer.NextAsync();

        var second = pacer.NextAsync();
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(20));
        await second;
    }

    [Fact]
    public void NextAsync_OwnThreadCancelled_Throws()
    {
        var pacer = new FramePacer(new MediaClock(), TimeSpan.FromSeconds(10), paced: true);
        using var cancel = new CancellationTokenSource();
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                pacer.NextAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
                pacer.NextAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                thrown = e;
            }
        });

        thread.Start();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
        Assert.True(thread.Join(TimeSpan.FromSeconds(5)), "the sleeping reader did not wake on cancellation");
        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
    }
}
