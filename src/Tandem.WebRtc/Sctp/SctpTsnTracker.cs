using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Receiver-side TSN bookkeeping (RFC 9260 §6.2): the cumulative TSN, TSNs received above it
/// (reported as Gap Ack Blocks) and duplicates to report in the next SACK.
/// </summary>
internal sealed class SctpTsnTracker
{
    private const int MaxDuplicates = 16;

    // Received TSNs above the cumulative TSN as sorted, disjoint, non-adjacent ranges: gaps are few
    // even when thousands of TSNs wait behind a loss, so this stays small and cheap to report.
    private readonly List<(uint First, uint Last)> _ranges = [];
    private readonly List<uint> _duplicates = new(MaxDuplicates);

    public SctpTsnTracker(uint peerInitialTsn) => CumulativeTsn = peerInitialTsn - 1;

    /// <summary>The highest TSN up to which everything has been received.</summary>
    public uint CumulativeTsn { get; private set; }

    public bool HasGaps => _ranges.Count > 0;

    public int DuplicateCount => _duplicates.Count;

    /// <summary>True when <paramref name="tsn"/> was already received (and records it as a duplicate).</summary>
    public bool CheckDuplicate(uint tsn)
    {
        if (SctpTsn.IsLessOrEqual(tsn, CumulativeTsn) || FindRange(tsn) >= 0)
        {
            if (_duplicates.Count < MaxDuplicates)
            {
                _duplicates.Add(tsn);
            }

            return true;
        }

        return false;
    }

    /// <summary>Records a new TSN (not a duplicate); returns true when the cumulative TSN advanced.</summary>
    public bool Add(uint tsn)
    {
        if (tsn == CumulativeTsn + 1)
        {
            CumulativeTsn = tsn;
            Compact();
            return true;
        }

        var index = 0;
        while (index < _ranges.Count && SctpTsn.IsLess(_ranges[index].Last, tsn))
        {
            index++;
        }

        var joinsPrevious = index > 0 && _ranges[index - 1].Last + 1 == tsn;
        var joinsNext = index < _ranges.Count && _ranges[index].First - 1 == tsn;
        if (joinsPrevious && joinsNext)
        {
            _ranges[index - 1] = (_ranges[index - 1].First, _ranges[index].Last);
            _ranges.RemoveAt(index);
        }
        else if (joinsPrevious)
        {
            _ranges[index - 1] = (_ranges[index - 1].First, tsn);
        }
        else if (joinsNext)
        {
            _ranges[index] = (tsn, _ranges[index].Last);
        }
        else
        {
            _ranges.Insert(index, (tsn, tsn));
        }

        return false;
    }

    /// <summary>RFC 3758 §3.6: treats every TSN up to <paramref name="newCumulativeTsn"/> as received.</summary>
    public bool ForwardTo(uint newCumulativeTsn)
    {
        if (!SctpTsn.IsGreater(newCumulativeTsn, CumulativeTsn))
        {
            return false;
        }

        CumulativeTsn = newCumulativeTsn;
        while (_ranges.Count > 0 && SctpTsn.IsLessOrEqual(_ranges[0].First, CumulativeTsn))
        {
            if (SctpTsn.IsGreater(_ranges[0].Last, CumulativeTsn))
            {
                CumulativeTsn = _ranges[0].Last;
            }

            _ranges.RemoveAt(0);
        }

        Compact();
        return true;
    }

    /// <summary>Fills gap blocks (offsets from the cumulative TSN) up to the span's capacity; returns the count.</summary>
    public int GetGapBlocks(Span<SctpGapAckBlock> destination)
    {
        var count = 0;
        foreach (var (first, last) in _ranges)
        {
            var start = first - CumulativeTsn;
            var end = last - CumulativeTsn;
            if (count == destination.Length || start > ushort.MaxValue)
            {
                break;
            }

            destination[count++] = new SctpGapAckBlock((ushort)start, (ushort)Math.Min(end, ushort.MaxValue));
        }

        return count;
    }

    /// <summary>Copies and clears the duplicate TSN list; returns the count.</summary>
    public int TakeDuplicates(Span<uint> destination)
    {
        var count = Math.Min(destination.Length, _duplicates.Count);
        for (var i = 0; i < count; i++)
        {
            destination[i] = _duplicates[i];
        }

        _duplicates.Clear();
        return count;
    }

    private int FindRange(uint tsn)
    {
        for (var i = 0; i < _ranges.Count; i++)
        {
            if (SctpTsn.IsLess(tsn, _ranges[i].First))
            {
                return -1;
            }

            if (SctpTsn.IsLessOrEqual(tsn, _ranges[i].Last))
            {
                return i;
            }
        }

        return -1;
    }

    private void Compact()
    {
        if (_ranges.Count > 0 && _ranges[0].First == CumulativeTsn + 1)
        {
            CumulativeTsn = _ranges[0].Last;
            _ranges.RemoveAt(0);
        }
    }
}
