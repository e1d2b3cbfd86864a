using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Receiver-side TSN bookkeeping (RFC 9260 §6.2): the cumulative TSN, TSNs received above it
/// (reported as Gap Ack Blocks) and duplicates to report in the next SACK.
/// </summary>
internal sealed class SctpTsnTracker
{
    private const int MaxDuplicates = 16;

    private static readonly Comparer<uint> SerialOrder = Comparer<uint>.Create(static (a, b) => (int)(a - b));

    private readonly SortedSet<uint> _aboveCumulative = new(SerialOrder);
    private readonly List<uint> _duplicates = new(MaxDuplicates);

    public SctpTsnTracker(uint peerInitialTsn) => CumulativeTsn = peerInitialTsn - 1;

    /// <summary>The highest TSN up to which everything has been received.</summary>
    public uint CumulativeTsn { get; private set; }

    public bool HasGaps => _aboveCumulative.Count > 0;

    public int DuplicateCount => _duplicates.Count;

    /// <summary>True when <paramref name="tsn"/> was already received (and records it as a duplicate).</summary>
    public bool CheckDuplicate(uint tsn)
    {
        if (SctpTsn.IsLessOrEqual(tsn, CumulativeTsn) || _aboveCumulative.Contains(tsn))
        {
            if (_duplicates.Count < MaxDuplicates)
            {
                _duplicates.Add(tsn);
            }

            return true;
        }

        return false;
    }

    /// <summary>Records a new TSN; returns true when the cumulative TSN advanced.</summary>
    public bool Add(uint tsn)
    {
        if (tsn != CumulativeTsn + 1)
        {
            _aboveCumulative.Add(tsn);
            return false;
        }

        CumulativeTsn = tsn;
        Compact();
        return true;
    }

    /// <summary>RFC 3758 §3.6: treats every TSN up to <paramref name="newCumulativeTsn"/> as received.</summary>
    public bool ForwardTo(uint newCumulativeTsn)
    {
        if (!SctpTsn.IsGreater(newCumulativeTsn, CumulativeTsn))
        {
            return false;
        }

        CumulativeTsn = newCumulativeTsn;
        while (_aboveCumulative.Count > 0 && SctpTsn.IsLessOrEqual(_aboveCumulative.Min, CumulativeTsn))
        {
            _aboveCumulative.Remove(_aboveCumulative.Min);
        }

        Compact();
        return true;
    }

    /// <summary>Fills gap blocks (offsets from the cumulative TSN) up to the span's capacity; returns the count.</summary>
    public int GetGapBlocks(Span<SctpGapAckBlock> destination)
    {
        var count = 0;
        var start = 0u;
        var end = 0u;
        foreach (var tsn in _aboveCumulative)
        {
            var offset = tsn - CumulativeTsn;
            if (offset > ushort.MaxValue)
            {
                break;
            }

            if (start != 0 && offset == end + 1)
            {
                end = offset;
                continue;
            }

            if (start != 0)
            {
                if (count == destination.Length)
                {
                    return count;
                }

                destination[count++] = new SctpGapAckBlock((ushort)start, (ushort)end);
            }

            start = end = offset;
        }

        if (start != 0 && count < destination.Length)
        {
            destination[count++] = new SctpGapAckBlock((ushort)start, (ushort)end);
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

    private void Compact()
    {
        while (_aboveCumulative.Count > 0 && _aboveCumulative.Min == CumulativeTsn + 1)
        {
            CumulativeTsn++;
            _aboveCumulative.Remove(CumulativeTsn);
        }
    }
}
