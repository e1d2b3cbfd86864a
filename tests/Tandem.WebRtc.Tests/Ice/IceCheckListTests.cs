using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

public class IceCheckListTests
{
    private readonly FakeIceNetwork _network = new();

    [Fact]
    public void Add_SameFoundationTwice_SecondStartsFrozen()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");

        var first = list.Add(Pair(local, Remote("10.0.0.2", 1000, "r1", 100)));
        var second = list.Add(Pair(local, Remote("10.0.0.2", 1001, "r1", 90)));
        var other = list.Add(Pair(local, Remote("10.0.0.3", 1000, "r2", 80)));

        Assert.Equal(IceCandidatePairState.Waiting, first.State);
        Assert.Equal(IceCandidatePairState.Frozen, second.State);
        Assert.Equal(IceCandidatePairState.Waiting, other.State);
    }

    [Fact]
    public void Add_SameSocketAndRemote_ReturnsExistingPair()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");
        var first = list.Add(Pair(local, Remote("10.0.0.2", 1000, "r1", 100)));

        var again = list.Add(Pair(local, Remote("10.0.0.2", 1000, "prflx1", 500)));

        Assert.Same(first, again);
        Assert.Single(list.Pairs);
    }

    [Fact]
    public void NextToCheck_TriggeredQueued_ComesBeforeHigherPriorityWaiting()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");
        var high = list.Add(Pair(local, Remote("10.0.0.2", 1000, "r1", 1000)));
        var low = list.Add(Pair(local, Remote("10.0.0.3", 1000, "r2", 10)));

        list.EnqueueTriggered(low);

        Assert.Same(low, list.NextToCheck());
        low.State = IceCandidatePairState.InProgress;
        Assert.Same(high, list.NextToCheck());
    }

    [Fact]
    public void NextToCheck_OnlyFrozenWithIdleFoundation_UnfreezesIt()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");
        var first = list.Add(Pair(local, Remote("10.0.0.2", 1000, "r1", 100)));
        var second = list.Add(Pair(local, Remote("10.0.0.2", 1001, "r1", 90)));
        first.State = IceCandidatePairState.Failed;

        Assert.Same(second, list.NextToCheck());
        Assert.Equal(IceCandidatePairState.Waiting, second.State);
    }

    [Fact]
    public void UnfreezeFoundation_AfterSuccess_FrozenPairsOfFoundationWait()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");
        var first = list.Add(Pair(local, Remote("10.0.0.2", 1000, "r1", 100)));
        var second = list.Add(Pair(local, Remote("10.0.0.2", 1001, "r1", 90)));
        first.State = IceCandidatePairState.Succeeded;

        list.UnfreezeFoundation(first.Foundation);

        Assert.Equal(IceCandidatePairState.Waiting, second.State);
        Assert.Same(first, list.BestValid());
        Assert.False(list.IsFinished);
    }

    [Fact]
    public void Reprioritize_RoleFlip_ReordersByNewPairPriority()
    {
        var list = new IceCheckList();
        var strongLocal = Local("10.0.0.1", localPriority: 2000);
        var weakLocal = Local("10.0.0.5", localPriority: 100);
        var a = list.Add(Pair(strongLocal, Remote("10.0.0.2", 1000, "r1", 150)));
        var b = list.Add(Pair(weakLocal, Remote("10.0.0.3", 1000, "r2", 120)));
        Assert.Same(a, list.Pairs[0]);

        list.Reprioritize(IceRole.Controlled);

        Assert.Equal(IcePriority.ForPair(150, 2000), a.Priority);
        Assert.Equal(IcePriority.ForPair(120, 100), b.Priority);
        Assert.True(list.Pairs[0].Priority >= list.Pairs[1].Priority);
    }

    [Fact]
    public void AllFailed_EveryPairFailed_TrueAndFinished()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");
        var pair = list.Add(Pair(local, Remote("10.0.0.2", 1000, "r1", 100)));
        Assert.False(list.AllFailed);

        pair.State = IceCandidatePairState.Failed;

        Assert.True(list.AllFailed);
        Assert.True(list.IsFinished);
        Assert.Null(list.BestValid());
    }

    [Fact]
    public void Add_BeyondLimit_KeepsAtMostMaxPairs()
    {
        var list = new IceCheckList();
        var local = Local("10.0.0.1");
        for (var i = 0; i < IceCheckList.MaxPairs + 20; i++)
        {
            list.Add(Pair(local, Remote("10.0.1.1", 2000 + i, $"r{i}", (uint)(1000 + i))));
        }

        Assert.Equal(IceCheckList.MaxPairs, list.Pairs.Count);
        Assert.Equal(1020u, list.Pairs.Min(p => p.Remote.Priority));
        Assert.Equal(1119u, list.Pairs[0].Remote.Priority);
    }

    private IceLocalEndpoint Local(string address, uint localPriority = 1)
    {
        var socket = _network.Bind(IPAddress.Parse(address));
        var candidate = new IceCandidate("l" + address, 1, IceProtocol.Udp, localPriority, address, socket.LocalEndPoint.Port, IceCandidateType.Host);
        return new IceLocalEndpoint(socket, candidate, 1);
    }

    private static IceCandidate Remote(string address, int port, string foundation, uint priority) =>
        new(foundation, 1, IceProtocol.Udp, priority, address, port, IceCandidateType.Host);

    private static IceCandidatePair Pair(IceLocalEndpoint local, IceCandidate remote) =>
        new(local, remote, remote.EndPoint!, 0) { Priority = IceCheckList.ComputePriority(IceRole.Controlling, local.Candidate.Priority, remote.Priority) };
}
