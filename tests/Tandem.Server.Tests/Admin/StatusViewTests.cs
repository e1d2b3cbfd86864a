using Tandem.Server.Admin.Status;
using Tandem.Signaling.Status;

namespace Tandem.Server.Tests.Admin;

public sealed class StatusViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rooms_PairedRoomWithOfflineMember_CountsDownToGraceEnd()
    {
        var room = new RoomSnapshot("room_1", "PAIRED", Now.AddSeconds(-90), null,
        [
            new MemberSnapshot("glasses_1", "c1", "offerer", true, null),
            new MemberSnapshot("app_1", null, "answerer", false, Now.AddSeconds(12.34)),
        ]);

        var view = Assert.Single(StatusViewBuilder.Rooms(Snapshot([room], []), ListQuery.All).Items);

        Assert.Equal(90, view.AgeSeconds);
        Assert.Equal(12.3, view.SecondsLeft);
        Assert.Equal("grace", view.Deadline);
        Assert.Equal(12.3, view.Members[1].GraceSecondsLeft);
    }

    [Fact]
    public void Rooms_WaitingRoom_CountsDownToTimeout()
    {
        var room = new RoomSnapshot("room_2", "WAITING", Now.AddSeconds(-5), Now.AddSeconds(25), [new MemberSnapshot("glasses_2", "c3", "offerer", true, null)]);

        var view = Assert.Single(StatusViewBuilder.Rooms(Snapshot([room], []), ListQuery.All).Items);

        Assert.Equal(25, view.SecondsLeft);
        Assert.Equal("timeout", view.Deadline);
    }

    [Fact]
    public void Totals_RoomsByState_CountsEveryState()
    {
        var rooms = new[] { "WAITING", "PAIRED", "PAIRED", "TIMEOUT" }
            .Select((s, i) => new RoomSnapshot("room_" + i, s, Now, null, []))
            .ToList();

        var totals = StatusViewBuilder.Totals(Snapshot(rooms, []));

        Assert.Equal(1, totals.RoomsByState["WAITING"]);
        Assert.Equal(2, totals.RoomsByState["PAIRED"]);
        Assert.Equal(1, totals.RoomsByState["TIMEOUT"]);
        Assert.Equal("3", Assert.Single(totals.ErrorsByCode).Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Apply_OffsetPastTheEnd_IsClampedToTheLastItem()
    {
        var items = Enumerable.Range(0, 120).Select(i => "room_" + i).ToList();

        var page = new ListQuery("", 500, 50).Apply(items, i => [i]);

        Assert.Equal(119, page.Offset);
        Assert.Equal(["room_119"], page.Items);
        Assert.Equal(120, page.Matched);
    }

    [Fact]
    public void Apply_Filter_IsCaseInsensitiveAndCountsMatches()
    {
        var items = new[] { "glasses_AA", "app_aa", "glasses_bb" };

        var page = new ListQuery("aA", 0, 1).Apply(items, i => [i]);

        Assert.Equal(3, page.Total);
        Assert.Equal(2, page.Matched);
        Assert.Equal(["glasses_AA"], page.Items);
    }

    [Fact]
    public void History_RatesAndRing_ComputedFromTotalsDifference()
    {
        var history = new SampleHistory(3);
        history.Add(Snapshot([], [], forwarded: 10, at: Now));
        var second = history.Add(Snapshot([], [], forwarded: 30, at: Now.AddSeconds(2)));
        history.Add(Snapshot([], [], forwarded: 30, at: Now.AddSeconds(3)));
        history.Add(Snapshot([], [], forwarded: 31, at: Now.AddSeconds(4)));

        Assert.Equal(10, second.ForwardedPerSecond);
        Assert.Equal(1.5, second.ErrorsPerSecond);
        var kept = history.ToList();
        Assert.Equal([Now.AddSeconds(2), Now.AddSeconds(3), Now.AddSeconds(4)], kept.Select(s => DateTimeOffset.FromUnixTimeMilliseconds(s.Time)));
        Assert.Equal([10, 0, 1], kept.Select(s => s.ForwardedPerSecond));
        Assert.Same(kept[^1], history.Latest);
    }

    private static StatusSnapshot Snapshot(IReadOnlyList<RoomSnapshot> rooms, IReadOnlyList<ConnectionSnapshot> connections, long forwarded = 0, DateTimeOffset? at = null)
    {
        var time = at ?? Now;

        // Errors grow by 1.5 per second of snapshot time, so the error rate is known too.
        var errors = (long)((time - Now).TotalSeconds * 1.5) + 3;
        var totals = new TotalsSnapshot(connections.Count, 0, 0, 0, 0, 0, 0, 0,
            new Dictionary<string, long> { ["offer"] = forwarded },
            new Dictionary<int, long> { [1003] = errors });
        return new StatusSnapshot(time, totals, rooms, connections);
    }
}
