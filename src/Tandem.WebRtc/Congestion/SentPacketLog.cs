namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The send side's record of every packet stamped with a transport-wide sequence number
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): its send time and size, looked up when the
/// feedback names it, and the bytes still in flight — sent, and not yet described by any feedback
/// (received or lost), which <see cref="CongestionWindow"/> bounds. Fixed storage (the last 4096 packets,
/// seconds of video); thread-safe.
/// </summary>
internal sealed class SentPacketLog
{
    private const int Capacity = 4096;

    // Written by the sending thread under the session's protect lock, read by the receive thread and the pacer.
    private readonly Lock _lock = new();
    private readonly Entry[] _entries = new Entry[Capacity];

    // Bytes sent since the start, and that count up to the newest packet a feedback described: each entry keeps the
    // count as of its own send, so the feedback's newest packet tells what left the network without any wrap-around logic.
    private long _sentBytes;
    private long _describedBytes;

    /// <summary>Bytes sent that no feedback has described yet (those described after a later one count as described).</summary>
    public long BytesInFlight { get { lock (_lock) { return _sentBytes - _describedBytes; } } }

    /// <summary>Notes that <paramref name="sequenceNumber"/> left at <paramref name="sendMicroseconds"/> with <paramref name="size"/> bytes, in probe cluster <paramref name="probeClusterId"/> (-1: none).</summary>
    public void OnSent(ushort sequenceNumber, int size, long sendMicroseconds, int probeClusterId = -1)
    {
        lock (_lock)
        {
            _sentBytes += size;
            _entries[sequenceNumber & (Capacity - 1)] = new Entry(sequenceNumber, size, sendMicroseconds, probeClusterId, _sentBytes, true);
        }
    }

    /// <summary>
    /// A feedback describes <paramref name="sequenceNumber"/> (received or lost): it and everything sent before it are
    /// no longer in flight. Returns its send time, size and probe cluster (-1: none); false when it is not (or no longer) recorded.
    /// </summary>
    public bool TryDescribe(ushort sequenceNumber, out long sendMicroseconds, out int size, out int probeClusterId)
    {
        lock (_lock)
        {
            var entry = _entries[sequenceNumber & (Capacity - 1)];
            sendMicroseconds = entry.SendMicroseconds;
            size = entry.Size;
            probeClusterId = entry.ProbeClusterId;
            var found = entry.Used && entry.SequenceNumber == sequenceNumber;
            if (found)
            {
                _describedBytes = Math.Max(_describedBytes, entry.BytesSentThrough);
            }

            return found;
        }
    }

    private readonly record struct Entry(ushort SequenceNumber, int Size, long SendMicroseconds, int ProbeClusterId, long BytesSentThrough, bool Used);
}
