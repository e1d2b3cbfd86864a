using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tandem.Server.Admin.Status;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Tests.Admin;

/// <summary>The admin page's once-a-second feed, with and without a page open.</summary>
public sealed class AdminFeedTests
{
    [Fact]
    public void Tick_NoPageWaiting_SamplesTotalsWithoutSnapshottingEveryConnection()
    {
        var (hub, feed) = Start(rooms: 400);
        feed.Tick();

        // A record per connection would be 800 of them (hundreds of kilobytes); the totals are a few hundred bytes.
        var before = GC.GetAllocatedBytesForCurrentThread();
        feed.Tick();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 16 * 1024);
        Assert.Equal(800, feed.LatestSample!.Connections);
        Assert.Equal(400, feed.LatestSample.RoomsPaired);
        Assert.Equal(800, hub.GetStatus().Connections.Count);
    }

    [Fact]
    public async Task Tick_PageWaiting_GetsTheFullSnapshot()
    {
        var (_, feed) = Start(rooms: 3);
        var next = feed.NextAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        feed.Tick();

        var snapshot = await next;
        Assert.Equal(6, snapshot.Connections.Count);
        Assert.Equal(3, snapshot.Rooms.Count);
        Assert.False(feed.NextAsync(CancellationToken.None).IsCompleted);
    }

    private static (SignalingHub Hub, AdminFeed Feed) Start(int rooms)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var hub = new SignalingHub(new SignalingOptions(), time, NullLogger<SignalingHub>.Instance);
        InProcessClients.PairRooms(hub, rooms);
        return (hub, new AdminFeed(hub, time));
    }
}
