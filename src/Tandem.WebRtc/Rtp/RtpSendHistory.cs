using System.Buffers;
using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Keeps the last sent RTP packets (before SRTP protection) in a ring indexed by sequence number,
/// so a generic NACK (RFC 4585 §6.2.1, https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1) can be answered by resending them. Storage is one pooled
/// block allocated up front; storing and fetching never allocate. Packets older than
/// <see cref="MaxAge"/> are not resent (the receiver has given up on them), and one packet is
/// not resent twice within the minimum interval (a burst of identical NACKs costs one resend).
/// Thread-safe: the send path stores while NACKs are answered on the receive path.
/// </summary>
internal sealed class RtpSendHistory : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _slotSize;
    private readonly int _mask;
    private readonly Slot[] _slots;
    private byte[] _storage;

    /// <summary>
    /// Creates a history of <paramref name="capacity"/> packets (rounded up to a power of two) of at most
    /// <paramref name="maxPacketSize"/> bytes each.
    /// </summary>
    public RtpSendHistory(int capacity = 1024, int maxPacketSize = 1500, TimeSpan? maxAge = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 32768);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, RtpPacket.FixedHeaderLength);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _mask = size - 1;
        _slotSize = maxPacketSize;
        _slots = new Slot[size];
        _storage = ArrayPool<byte>.Shared.Rent(size * maxPacketSize);
        _time = timeProvider ?? TimeProvider.System;
        MaxAge = maxAge ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Number of packets the ring holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Packets older than this are not resent.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>
    /// Stores a copy of an outgoing RTP packet (as sent, before SRTP), overwriting the packet
    /// sent <see cref="Capacity"/> sequence numbers earlier. False if it is not RTP or too big.
    /// </summary>
    public bool Store(ReadOnlySpan<byte> rtpPacket)
    {
        if (rtpPacket.Length < RtpPacket.FixedHeaderLength || rtpPacket.Length > _slotSize)
        {
            return false;
        }

        var sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_storage.Length == 0)
            {
                return false;
            }

            var index = sequenceNumber & _mask;
            rtpPacket.CopyTo(_storage.AsSpan(index * _slotSize, _slotSize));
            _slots[index] = new Slot(sequenceNumber, rtpPacket.Length, now, 0, true);
            return true;
        }
    }

    /// <summary>
    /// Copies the packet with <paramref name="sequenceNumber"/> into <paramref name="destination"/>
    /// for retransmission (same SSRC and sequence number, RFC 4585 §3.1) and notes the resend time.
    /// False when it is gone, older than <see cref="MaxAge"/>, was resent less than
    /// <paramref name="minInterval"/> ago, or does not fit.
    /// </summary>
    public bool TryCopyForRetransmission(ushort sequenceNumber, Span<byte> destination, out int length, TimeSpan minInterval = default) =>
        CopyForRetransmission(sequenceNumber, destination, out length, minInterval, MaxAge) == RtpHistoryLookup.Copied;

    /// <summary>
    /// As <see cref="TryCopyForRetransmission"/>, with the age limit of this call (e.g. longer on a
    /// long-RTT path) and the reason a packet was not copied. <paramref name="leavesIn"/> is how long the
    /// copy will wait before it is on the wire (a pacer's queue): <paramref name="minInterval"/> counts from
    /// then, so a repeated NACK does not queue the same packet again while its resend still waits.
    /// </summary>
    public RtpHistoryLookup CopyForRetransmission(ushort sequenceNumber, Span<byte> destination, out int length, TimeSpan minInterval, TimeSpan maxAge,
        TimeSpan leavesIn = default)
    {
        length = 0;
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var index = sequenceNumber & _mask;
            var slot = _slots[index];
            if (_storage.Length == 0 || !slot.Used || slot.SequenceNumber != sequenceNumber || slot.Length > destination.Length)
            {
                return RtpHistoryLookup.Missing;
            }

            if (_time.GetElapsedTime(slot.StoredAt, now) > maxAge)
            {
                return RtpHistoryLookup.TooOld;
            }

            if (slot.LastResentAt != 0 && _time.GetElapsedTime(slot.LastResentAt, now) < minInterval)
            {
                return RtpHistoryLookup.ResentRecently;
            }

            _storage.AsSpan(index * _slotSize, slot.Length).CopyTo(destination);
            var leaves = now + (long)(Math.Max(leavesIn.TotalSeconds, 0) * _time.TimestampFrequency);
            _slots[index] = slot with { LastResentAt = leaves == 0 ? 1 : leaves };
            length = slot.Length;
            return RtpHistoryLookup.Copied;
        }
    }

    /// <summary>Returns the pooled storage.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_storage.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_storage);
                _storage = [];
                Array.Clear(_slots);
            }
        }
    }

    private readonly record struct Slot(ushort SequenceNumber, int Length, long StoredAt, long LastResentAt, bool Used);
}

/// <summary>What <see cref="RtpSendHistory.CopyForRetransmission"/> found.</summary>
internal enum RtpHistoryLookup
{
    /// <summary>The packet was copied for resending.</summary>
    Copied,

    /// <summary>Not in the history (overwritten by newer packets, never stored, or too big for the destination).</summary>
    Missing,

    /// <summary>Stored longer ago than the age limit: the receiver has given up on it.</summary>
    TooOld,

    /// <summary>Resent less than the minimum interval ago (a repeated NACK).</summary>
    ResentRecently,
}
