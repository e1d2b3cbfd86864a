namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Chunks that have a TSN and are not yet cumulatively acknowledged, in TSN order. TSNs are
/// assigned consecutively, so the chunk for a TSN is found by its distance from the first one.
/// Chunk objects are pooled: the queue hands out recycled instances.
/// </summary>
internal sealed class SctpRetransmitQueue
{
    private readonly List<SctpOutboundChunk> _items = [];
    private readonly Stack<SctpOutboundChunk> _pool = new();
    private int _head;

    public int Count => _items.Count - _head;

    public SctpOutboundChunk this[int index] => _items[_head + index];

    public SctpOutboundChunk? First => Count > 0 ? _items[_head] : null;

    public SctpOutboundChunk? Last => Count > 0 ? _items[^1] : null;

    public SctpOutboundChunk Rent() => _pool.Count > 0 ? _pool.Pop() : new SctpOutboundChunk();

    public void Add(SctpOutboundChunk chunk) => _items.Add(chunk);

    /// <summary>The chunk with <paramref name="tsn"/>, or null when it is not in the queue.</summary>
    public SctpOutboundChunk? Find(uint tsn)
    {
        if (Count == 0)
        {
            return null;
        }

        var index = (long)(int)(tsn - _items[_head].Tsn);
        return index >= 0 && index < Count ? _items[_head + (int)index] : null;
    }

    /// <summary>Removes the first chunk (it was cumulatively acknowledged) and recycles it after the caller used it.</summary>
    public SctpOutboundChunk RemoveFirst()
    {
        var chunk = _items[_head];
        _items[_head] = null!;
        _head++;
        if (_head == _items.Count)
        {
            _items.Clear();
            _head = 0;
        }
        else if (_head > 1024 && _head > _items.Count / 2)
        {
            _items.RemoveRange(0, _head);
            _head = 0;
        }

        return chunk;
    }

    public void Recycle(SctpOutboundChunk chunk)
    {
        chunk.Reset();
        _pool.Push(chunk);
    }
}
