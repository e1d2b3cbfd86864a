using Tandem.WebRtc.Events;

namespace Tandem.WebRtc.Tests.Events;

public sealed class SerialEventQueueTests
{
    [Fact]
    public void Dispatch_QueuedEvents_RaisedInQueueOrder()
    {
        var raised = new List<int>();
        var queue = new SerialEventQueue<int>(raised.Add);

        queue.Enqueue(1);
        queue.Enqueue(2);
        queue.Enqueue(3);
        queue.Dispatch();

        Assert.Equal([1, 2, 3], raised);
    }

    [Fact]
    public void Dispatch_HandlerQueuesAndDispatchesMore_RunsThemAfterItselfNotInside()
    {
        var log = new List<string>();
        SerialEventQueue<Action> queue = SerialEventQueue.OfActions();
        queue.Enqueue(() =>
        {
            log.Add("first begins");
            queue.Enqueue(() => log.Add("second"));
            queue.Dispatch();
            log.Add("first ends");
        });

        queue.Dispatch();

        Assert.Equal(["first begins", "first ends", "second"], log);
    }

    [Fact]
    public void Dispatch_HandlerThrows_LaterEventsStayQueuedForTheNextDispatch()
    {
        var raised = new List<int>();
        var queue = new SerialEventQueue<int>(i =>
        {
            if (i == 1)
            {
                throw new InvalidOperationException("subscriber fault");
            }

            raised.Add(i);
        });
        queue.Enqueue(1);
        queue.Enqueue(2);

        Assert.Throws<InvalidOperationException>(queue.Dispatch);
        queue.Dispatch();

        Assert.Equal([2], raised);
    }

    [Fact]
    public async Task Dispatch_FromManyThreads_OneHandlerAtATime()
    {
        var running = 0;
        var overlaps = 0;
        var count = 0;
        var queue = new SerialEventQueue<int>(_ =>
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            Thread.SpinWait(1000);
            Interlocked.Increment(ref count);
            Interlocked.Decrement(ref running);
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                queue.Enqueue(i);
                queue.Dispatch();
            }
        })));
        queue.Dispatch();

        Assert.Equal(0, overlaps);
        Assert.Equal(1600, count);
    }
}
