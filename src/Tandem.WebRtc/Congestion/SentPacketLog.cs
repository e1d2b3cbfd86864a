namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The send side's record of every packet stamped with a transport-wide sequence number
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): its send time and size, looked up when the
/// feedback names it. Fixed storage (the last 4096 packets, seconds of video); thread-safe.
/// </summary>
internal sealed class SentPacketLog
{
    private const int Capacity = 4096;

    // Written by the sending thread under the session's protect lock, read by the receive thread.
    private readonly Lock _lock = new();
    private readonly Entry[] _entries = new Entry[Capacity];

    /// <summary>Notes that <paramref name="sequenceNumber"/> left at <paramref name="sendMicroseconds"/> with <paramref name="size"/> bytes, in probe cluster <paramref name="probeClusterId"/> (-1: none).</summary>
    public void OnSent(ushort sequenceNumber, int size, long sendMicroseconds, int probeClusterId = -1)
    {
        lock (_lock)
        {
            _entries[sequenceNumber & (Capacity - 1)] = new Entry(sequenceNumber, size, sendMicroseconds, probeClusterId, true);
        }
    }

    /// <summary>The send time and size of <paramref name="sequenceNumber"/>; false when it is not (or no longer) recorded.</summary>
    public bool TryGet(ushort sequenceNumber, out long sendMicroseconds, out int size) => TryGet(sequenceNumber, out sendMicroseconds, out size, out _);

    /// <summary>The send time, size and probe cluster (-1: none) of <paramref name="sequenceNumber"/>; false when it is not (or no longer) recorded.</summary>
    public bool TryGet(ushort sequenceNumber, out long sendMicroseconds, out int size, out int probeClusterId)
    {
        lock (_lock)
        {
            var entry = _entries[sequenceNumber & (Capacity - 1)];
            sendMicroseconds = entry.SendMicroseconds;
            size = entry.Size;
            probeClusterId = entry.ProbeClusterId;
            return entry.Used && entry.SequenceNumber == sequenceNumber;
        }
    }

    private readonly record struct Entry(ushort SequenceNumber, int Size, long SendMicroseconds, int ProbeClusterId, bool Used);
}
