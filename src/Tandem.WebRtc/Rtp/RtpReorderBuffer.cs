using System.Buffers;
using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtp;

/// <summary>Receives one RTP packet released by <see cref="RtpReorderBuffer"/>; the span is valid only during the call.</summary>
internal delegate void RtpPacketHandler<in TState>(ReadOnlySpan<byte> packet, TState state);

/// <summary>
/// Puts received RTP packets of one SSRC back in sequence order (RFC 3550 §5.1: sequence numbers
/// let the receiver restore order) and holds back after a gap for up to <see cref="MaxDelay"/>,
/// the time a NACK retransmission (RFC 4585 §6.2.1) needs to fill it, before giving up on the
/// missing packets. Put it between SRTP and a depacketizer that wants packets in order.
/// Storage is one pooled block allocated up front. Not thread-safe: call from the receive thread
/// (or under the caller's lock together with the timer that calls <see cref="Drain"/>).
/// </summary>
internal sealed class RtpReorderBuffer : IDisposable
{
    // RFC 3550 App. A.1 uses the same bound (MAX_DROPOUT) to tell a restart from a late packet.
    private const int RestartDistance = 3000;

    private readonly TimeProvider _time;
    private readonly int _slotSize;
    private readonly int _mask;
    private readonly Slot[] _slots;
    private byte[] _storage;
    private RtpSequenceUnwrapper _unwrapper;
    private long _next = -1;
    private long _highest = -1;
    private int _count;

    /// <summary>Creates a buffer of <paramref name="capacity"/> packets (rounded up to a power of two).</summary>
    public RtpReorderBuffer(int capacity = 512, int maxPacketSize = 1500, TimeSpan? maxDelay = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 16384);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, RtpPacket.FixedHeaderLength);
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _mask = size - 1;
        _slots = new Slot[size];
        _slotSize = maxPacketSize;
        _storage = ArrayPool<byte>.Shared.Rent(size * maxPacketSize);
        _time = timeProvider ?? TimeProvider.System;
        MaxDelay = maxDelay ?? TimeSpan.FromMilliseconds(150);
    }

    /// <summary>How long a gap may hold back later packets before it is skipped.</summary>
    public TimeSpan MaxDelay { get; set; }

    /// <summary>Packets waiting.</summary>
    public int Count => _count;

    /// <summary>Sequence numbers given up on (gaps skipped) so far.</summary>
    public long SkippedPackets { get; private set; }

    /// <summary>
    /// Copies a received packet in, then releases every packet that is ready (see <see cref="Drain"/>).
    /// False (packet dropped) when it is not RTP, too big, a duplicate, or older than packets
    /// already released. A packet too far ahead for the window first flushes the waiting ones in order.
    /// </summary>
    public bool Push<TState>(ReadOnlySpan<byte> rtpPacket, TState state, RtpPacketHandler<TState> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_storage.Length == 0 || rtpPacket.Length < RtpPacket.FixedHeaderLength || rtpPacket.Length > _slotSize)
        {
            return false;
        }

        var value = _unwrapper.Unwrap(BinaryPrimitives.ReadUInt16BigEndian(rtpPacket[2..]));
        if (_next < 0)
        {
            _next = value;
        }
        else if (_next - value > RestartDistance)
        {
            // Far behind anything released: the sender restarted its sequence; flush and start over.
            Flush(_highest + 1, state, handler);
            _next = value;
            _highest = value;
        }

        if (value < _next)
        {
            return false;
        }

        if (value - _next >= _slots.Length)
        {
            Flush(value - _slots.Length + 1, state, handler);
        }

        var index = (int)(value & _mask);
        if (_slots[index].Used && _slots[index].SequenceNumber == value)
        {
            return false;
        }

        rtpPacket.CopyTo(_storage.AsSpan(index * _slotSize, _slotSize));
        _slots[index] = new Slot(value, rtpPacket.Length, _time.GetTimestamp(), true);
        _count++;
        _highest = Math.Max(_highest, value);
        Drain(state, handler);
        return true;
    }

    /// <summary>
    /// Releases, in order, every packet that is ready: those following the last released one
    /// without a gap, and — once the oldest waiting packet has waited <see cref="MaxDelay"/> —
    /// those after a gap. <see cref="Push"/> calls it; call it from a timer too. Returns the number released.
    /// </summary>
    public int Drain<TState>(TState state, RtpPacketHandler<TState> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var released = 0;
        var now = _time.GetTimestamp();
        while (_count > 0)
        {
            var index = (int)(_next & _mask);
            var slot = _slots[index];
            if (slot.Used && slot.SequenceNumber == _next)
            {
                _slots[index] = default;
                _count--;
                _next++;
                handler(_storage.AsSpan(index * _slotSize, slot.Length), state);
                released++;
                continue;
            }

            var oldest = FindNextBuffered();
            if (oldest < 0)
            {
                // Unreachable while _count is right; never spin if it is not.
                _count = 0;
                break;
            }

            if (_time.GetElapsedTime(_slots[(int)(oldest & _mask)].ArrivedAt, now) < MaxDelay)
            {
                break;
            }

            SkippedPackets += oldest - _next;
            _next = oldest;
        }

        return released;
    }

    /// <summary>Returns the pooled storage.</summary>
    public void Dispose()
    {
        if (_storage.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_storage);
            _storage = [];
            Clear();
        }
    }

    private void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
    }

    /// <summary>The smallest buffered sequence number after <see cref="_next"/>, or -1 if none.</summary>
    private long FindNextBuffered()
    {
        for (var s = _next + 1; s <= _highest; s++)
        {
            var slot = _slots[(int)(s & _mask)];
            if (slot.Used && slot.SequenceNumber == s)
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>Releases waiting packets below <paramref name="limit"/> in order, skipping gaps, and moves the release point there.</summary>
    private void Flush<TState>(long limit, TState state, RtpPacketHandler<TState> handler)
    {
        for (var s = _next; s < limit; s++)
        {
            var index = (int)(s & _mask);
            var slot = _slots[index];
            if (slot.Used && slot.SequenceNumber == s)
            {
                _slots[index] = default;
                _count--;
                handler(_storage.AsSpan(index * _slotSize, slot.Length), state);
            }
            else
            {
                SkippedPackets++;
            }

            if (_count == 0)
            {
                SkippedPackets += limit - s - 1;
                break;
            }
        }

        _next = Math.Max(_next, limit);
    }

    private readonly record struct Slot(long SequenceNumber, int Length, long ArrivedAt, bool Used);
}
