using System.Buffers;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Receiver-side reassembly (RFC 9260 §6.9) and per-stream ordered delivery (§6.6).
/// Fragments of one message carry consecutive TSNs (no I-DATA interleaving), so a message is
/// complete once every TSN from its B fragment to its E fragment is present. Fragment payloads
/// sit in pooled buffers until their message completes.
/// </summary>
internal sealed class SctpReassemblyQueue
{
    private readonly Dictionary<uint, Fragment> _fragments = [];
    private readonly Dictionary<ushort, InboundStream> _streams = [];
    private readonly Action<SctpMessage> _deliver;

    public SctpReassemblyQueue(Action<SctpMessage> deliver) => _deliver = deliver;

    /// <summary>Bytes held for reassembly or ordering: what the advertised window subtracts (RFC 9260 §6.2).</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>Adds one new (not duplicate) DATA chunk and delivers whatever it completes.</summary>
    public void Add(in SctpDataChunk chunk)
    {
        if (chunk.IsBeginning && chunk.IsEnd)
        {
            Complete(chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.IsUnordered, chunk.UserData.ToArray());
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(chunk.UserData.Length);
        chunk.UserData.CopyTo(buffer);
        _fragments[chunk.Tsn] = new Fragment(chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.Flags, buffer, chunk.UserData.Length);
        BufferedBytes += chunk.UserData.Length;
        TryAssemble(chunk.Tsn);
    }

    /// <summary>
    /// RFC 3758 §3.6: drops fragments at or below the new cumulative TSN and skips ordered messages up to
    /// the given SSNs, then delivers whatever became deliverable.
    /// </summary>
    public void Forward(uint newCumulativeTsn, in SctpForwardTsnChunk chunk)
    {
        List<uint>? stale = null;
        foreach (var tsn in _fragments.Keys)
        {
            if (SctpTsn.IsLessOrEqual(tsn, newCumulativeTsn))
            {
                (stale ??= []).Add(tsn);
            }
        }

        foreach (var tsn in stale ?? [])
        {
            Release(tsn);
        }

        for (var i = 0; i < chunk.StreamCount; i++)
        {
            var (streamId, ssn) = chunk.GetStream(i);
            var stream = GetStream(streamId);
            if (SctpTsn.IsLessOrEqual(stream.NextSsn, ssn))
            {
                stream.NextSsn = (ushort)(ssn + 1);
            }

            DropStale(stream);
            DeliverOrdered(streamId, stream);
        }
    }

    /// <summary>RFC 6525 §5.2.2: the peer reset its outgoing stream, so the next expected SSN is 0 again.</summary>
    public void ResetStream(ushort streamId)
    {
        if (_streams.Remove(streamId, out var stream))
        {
            foreach (var message in stream.Pending.Values)
            {
                BufferedBytes -= message.Data.Length;
            }
        }
    }

    private void TryAssemble(uint tsn)
    {
        var first = tsn;
        var fragment = _fragments[tsn];
        while (!fragment.IsBeginning)
        {
            if (!_fragments.TryGetValue(first - 1, out fragment))
            {
                return;
            }

            first--;
        }

        var last = tsn;
        fragment = _fragments[tsn];
        while (!fragment.IsEnd)
        {
            if (!_fragments.TryGetValue(last + 1, out fragment))
            {
                return;
            }

            last++;
        }

        var length = 0;
        for (var t = first; t != last + 1; t++)
        {
            length += _fragments[t].Length;
        }

        var head = _fragments[first];
        var data = new byte[length];
        var offset = 0;
        for (var t = first; t != last + 1; t++)
        {
            var part = _fragments[t];
            part.Buffer.AsSpan(0, part.Length).CopyTo(data.AsSpan(offset));
            offset += part.Length;
            Release(t);
        }

        Complete(head.StreamId, head.Ssn, head.Ppid, head.IsUnordered, data);
    }

    private void Complete(ushort streamId, ushort ssn, uint ppid, bool unordered, byte[] data)
    {
        if (unordered)
        {
            _deliver(new SctpMessage(streamId, ppid, data, true));
            return;
        }

        var stream = GetStream(streamId);
        if (SctpTsn.IsLess(ssn, stream.NextSsn) || !stream.Pending.TryAdd(ssn, new SctpMessage(streamId, ppid, data, false)))
        {
            return;
        }

        BufferedBytes += data.Length;
        DeliverOrdered(streamId, stream);
    }

    private void DeliverOrdered(ushort streamId, InboundStream stream)
    {
        while (stream.Pending.Remove(stream.NextSsn, out var message))
        {
            BufferedBytes -= message.Data.Length;
            stream.NextSsn++;
            _deliver(message);
        }

        if (stream.Pending.Count == 0 && stream.NextSsn == 0)
        {
            _streams.Remove(streamId);
        }
    }

    private void DropStale(InboundStream stream)
    {
        List<ushort>? stale = null;
        foreach (var ssn in stream.Pending.Keys)
        {
            if (SctpTsn.IsLess(ssn, stream.NextSsn))
            {
                (stale ??= []).Add(ssn);
            }
        }

        foreach (var ssn in stale ?? [])
        {
            stream.Pending.Remove(ssn, out var message);
            BufferedBytes -= message.Data.Length;
        }
    }

    private InboundStream GetStream(ushort streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new InboundStream();
            _streams[streamId] = stream;
        }

        return stream;
    }

    private void Release(uint tsn)
    {
        if (_fragments.Remove(tsn, out var fragment))
        {
            BufferedBytes -= fragment.Length;
            ArrayPool<byte>.Shared.Return(fragment.Buffer);
        }
    }

    private readonly record struct Fragment(ushort StreamId, ushort Ssn, uint Ppid, byte Flags, byte[] Buffer, int Length)
    {
        public bool IsBeginning => (Flags & SctpDataChunk.FlagBeginning) != 0;

        public bool IsEnd => (Flags & SctpDataChunk.FlagEnd) != 0;

        public bool IsUnordered => (Flags & SctpDataChunk.FlagUnordered) != 0;
    }

    private sealed class InboundStream
    {
        public ushort NextSsn { get; set; }

        public Dictionary<ushort, SctpMessage> Pending { get; } = [];
    }
}
