using System.Collections;

namespace Tandem.Load.Checking;

/// <summary>
/// Checks that every forwarded message arrives once, in order, at the right peer.
/// A stream is one direction of one pair: (pair, sender side); its messages carry sequence numbers
/// 0, 1, 2, ... in send order. Thread-safe: each stream has its own lock, since its sender and its
/// receiver run on different sockets.
/// </summary>
public sealed class DeliveryChecker
{
    private readonly Stream?[] _streams;
    private long _misrouted;

    /// <summary>Creates a checker for pairs numbered 0 to <paramref name="pairs"/> - 1.</summary>
    public DeliveryChecker(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        _streams = new Stream?[pairs * 2];
    }

    /// <summary>Notes that side <paramref name="side"/> (0 or 1) of <paramref name="pair"/> sent its next message.</summary>
    public void RecordSent(int pair, int side) => Get(pair, side).AddSent();

    /// <summary>Notes that the server refused (answered with an error) one message of the stream.</summary>
    public void RecordRefused(int pair, int side) => Get(pair, side).AddRefused();

    /// <summary>
    /// Checks a message received on the connection of side <paramref name="receiverSide"/> of
    /// <paramref name="receiverPair"/> that says it is message <paramref name="seq"/> sent by side
    /// <paramref name="senderSide"/> of <paramref name="senderPair"/>.
    /// </summary>
    public Delivery RecordReceived(int receiverPair, int receiverSide, int senderPair, int senderSide, long seq)
    {
        if (senderPair != receiverPair || senderSide == receiverSide || !IsValid(senderPair, senderSide)
            || seq is < 0 or >= int.MaxValue)
        {
            Interlocked.Increment(ref _misrouted);
            return Delivery.Misrouted;
        }

        return Get(senderPair, senderSide).Receive(seq);
    }

    /// <summary>Totals over every stream; call when no more messages can arrive.</summary>
    public DeliveryTotals Totals()
    {
        long sent = 0, refused = 0, delivered = 0, lost = 0, duplicated = 0, outOfOrder = 0;
        foreach (var stream in _streams)
        {
            if (stream is null)
            {
                continue;
            }

            var s = stream.Snapshot();
            sent += s.Sent;
            refused += s.Refused;
            delivered += s.Delivered;
            duplicated += s.Duplicated;
            outOfOrder += s.OutOfOrder;
            lost += Math.Max(0, s.Sent - s.Refused - s.Delivered);
        }

        return new DeliveryTotals(sent, refused, delivered, lost, duplicated, Interlocked.Read(ref _misrouted), outOfOrder);
    }

    private bool IsValid(int pair, int side) => side is 0 or 1 && pair >= 0 && pair < _streams.Length / 2;

    private Stream Get(int pair, int side)
    {
        if (!IsValid(pair, side))
        {
            throw new ArgumentOutOfRangeException(nameof(pair), $"pair {pair} side {side} is outside this checker");
        }

        ref var slot = ref _streams[(pair * 2) + side];
        if (slot is null)
        {
            Interlocked.CompareExchange(ref slot, new Stream(), null);
        }

        return slot;
    }

    private readonly record struct StreamCounts(long Sent, long Refused, long Delivered, long Duplicated, long OutOfOrder);

    private sealed class Stream
    {
        private readonly Lock _gate = new();
        private readonly BitArray _seen = new(64);
        private long _sent;
        private long _refused;
        private long _delivered;
        private long _duplicated;
        private long _outOfOrder;
        private long _highest = -1;

        public void AddSent()
        {
            lock (_gate)
            {
                _sent++;
            }
        }

        public void AddRefused()
        {
            lock (_gate)
            {
                _refused++;
            }
        }

        public Delivery Receive(long seq)
        {
            lock (_gate)
            {
                var index = (int)seq;
                if (index >= _seen.Length)
                {
                    _seen.Length = Math.Max(index + 1, _seen.Length * 2);
                }

                if (_seen[index])
                {
                    _duplicated++;
                    return Delivery.Duplicate;
                }

                _seen[index] = true;
                _delivered++;
                if (seq < _highest)
                {
                    _outOfOrder++;
                    return Delivery.OutOfOrder;
                }

                _highest = seq;
                return Delivery.InOrder;
            }
        }

        public StreamCounts Snapshot()
        {
            lock (_gate)
            {
                return new StreamCounts(_sent, _refused, _delivered, _duplicated, _outOfOrder);
            }
        }
    }
}
