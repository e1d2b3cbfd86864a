namespace Tandem.WebRtc.Ice;

/// <summary>
/// The check list of one data stream (RFC 8445 §6.1.2): pairs sorted by priority, the triggered-check
/// queue (§6.1.4.1) and the foundation-based freezing rules (§6.1.2.6). Not thread-safe: the agent
/// calls it under its lock.
/// </summary>
internal sealed class IceCheckList
{
    /// <summary>RFC 8445 §6.1.2.5: limit the number of pairs (Chromium and Pion use 100 as well).</summary>
    public const int MaxPairs = 100;

    private readonly List<IceCandidatePair> _pairs = [];
    private readonly Queue<IceCandidatePair> _triggered = new();

    public IReadOnlyList<IceCandidatePair> Pairs => _pairs;

    public int TriggeredCount => _triggered.Count;

    /// <summary>
    /// Adds a pair unless one with the same local socket and remote address exists (§6.1.2.4 pruning);
    /// returns the pair kept. The new pair starts Waiting when no pair of its foundation is already
    /// Waiting or In-Progress (or one succeeded), else Frozen.
    /// </summary>
    public IceCandidatePair Add(IceCandidatePair pair)
    {
        var existing = Find(pair.LocalEndpoint.Socket, pair.RemoteEndPoint);
        if (existing is not null)
        {
            return existing;
        }

        var foundationBusy = false;
        var foundationSucceeded = false;
        foreach (var p in _pairs)
        {
            if (p.Foundation == pair.Foundation)
            {
                foundationBusy |= p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress;
                foundationSucceeded |= p.State == IceCandidatePairState.Succeeded;
            }
        }

        pair.State = foundationSucceeded || !foundationBusy ? IceCandidatePairState.Waiting : IceCandidatePairState.Frozen;
        var index = _pairs.FindIndex(p => p.Priority < pair.Priority);
        _pairs.Insert(index < 0 ? _pairs.Count : index, pair);
        if (_pairs.Count > MaxPairs)
        {
            RemoveLowestUnused();
        }

        return pair;
    }

    public IceCandidatePair? Find(IIceSocket socket, System.Net.IPEndPoint remote)
    {
        foreach (var pair in _pairs)
        {
            if (pair.LocalEndpoint.Socket == socket && pair.RemoteEndPoint.Equals(remote))
            {
                return pair;
            }
        }

        return null;
    }

    /// <summary>RFC 8445 §7.3.1.4: queue a triggered check (once).</summary>
    public void EnqueueTriggered(IceCandidatePair pair)
    {
        if (pair.State is IceCandidatePairState.InProgress || _triggered.Contains(pair))
        {
            return;
        }

        pair.State = IceCandidatePairState.Waiting;
        _triggered.Enqueue(pair);
    }

    /// <summary>
    /// RFC 8445 §6.1.4.2: the pair to check on this Ta tick: a triggered one first, else the
    /// highest-priority Waiting pair, unfreezing one pair per idle foundation when none is Waiting.
    /// </summary>
    public IceCandidatePair? NextToCheck()
    {
        while (_triggered.Count > 0)
        {
            var pair = _triggered.Dequeue();
            if (pair.State == IceCandidatePairState.Waiting && _pairs.Contains(pair))
            {
                return pair;
            }
        }

        var waiting = _pairs.Find(p => p.State == IceCandidatePairState.Waiting);
        if (waiting is not null)
        {
            return waiting;
        }

        foreach (var frozen in _pairs)
        {
            if (frozen.State == IceCandidatePairState.Frozen && !_pairs.Exists(p =>
                p.Foundation == frozen.Foundation && p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress))
            {
                frozen.State = IceCandidatePairState.Waiting;
            }
        }

        return _pairs.Find(p => p.State == IceCandidatePairState.Waiting);
    }

    /// <summary>RFC 8445 §7.2.5.3.3: a success unfreezes the Frozen pairs of the same foundation.</summary>
    public void UnfreezeFoundation(string foundation)
    {
        foreach (var pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Frozen && pair.Foundation == foundation)
            {
                pair.State = IceCandidatePairState.Waiting;
            }
        }
    }

    /// <summary>Recomputes pair priorities after a role change (§7.2.5.1) and re-sorts.</summary>
    public void Reprioritize(IceRole role)
    {
        foreach (var pair in _pairs)
        {
            pair.Priority = ComputePriority(role, pair.Local.Priority, pair.Remote.Priority);
        }

        _pairs.Sort((a, b) => b.Priority.CompareTo(a.Priority));
    }

    /// <summary>The highest-priority valid (Succeeded) pair.</summary>
    public IceCandidatePair? BestValid() => _pairs.Find(p => p.State == IceCandidatePairState.Succeeded);

    /// <summary>True while a pair ranked above <paramref name="priority"/> may still succeed.</summary>
    public bool HasPendingAbove(ulong priority) => _pairs.Exists(p =>
        p.Priority > priority && p.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress);

    /// <summary>True when no pair is Frozen, Waiting or In-Progress.</summary>
    public bool IsFinished => !_pairs.Exists(p =>
        p.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress);

    /// <summary>True when there are pairs and every one failed.</summary>
    public bool AllFailed => _pairs.Count > 0 && _pairs.TrueForAll(p => p.State == IceCandidatePairState.Failed);

    public void Clear()
    {
        _pairs.Clear();
        _triggered.Clear();
    }

    /// <summary>RFC 8445 §6.1.2.3 seen from this agent: G is the controlling side's candidate priority.</summary>
    public static ulong ComputePriority(IceRole role, uint local, uint remote) =>
        role == IceRole.Controlling ? IcePriority.ForPair(local, remote) : IcePriority.ForPair(remote, local);

    private void RemoveLowestUnused()
    {
        for (var i = _pairs.Count - 1; i >= 0; i--)
        {
            if (_pairs[i].State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.Failed)
            {
                _pairs.RemoveAt(i);
                return;
            }
        }
    }
}
