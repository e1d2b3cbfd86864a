using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>
/// A two-ended in-memory network whose one-way delay is chosen per datagram, on a
/// <see cref="FakeTimeProvider"/>: sends are queued with their due time and <see cref="DeliverDue"/>
/// hands out, on the caller's thread and in due order, those whose time has come.
/// </summary>
internal sealed class LipSyncLink
{
    private readonly Lock _lock = new();
    private readonly FakeTimeProvider _time;
    private readonly PriorityQueue<(End Target, byte[] Datagram), (DateTimeOffset Due, long Order)> _queue = new();
    private long _order;

    public LipSyncLink(FakeTimeProvider time, Func<ReadOnlyMemory<byte>, TimeSpan> delayAToB, Func<ReadOnlyMemory<byte>, TimeSpan> delayBToA)
    {
        _time = time;
        A = new End(this, delayAToB);
        B = new End(this, delayBToA);
        A.Peer = B;
        B.Peer = A;
    }

    public End A { get; }

    public End B { get; }

    /// <summary>Delivers every datagram due by now; datagrams sent while delivering wait for their own due time.</summary>
    public void DeliverDue()
    {
        while (true)
        {
            (End Target, byte[] Datagram) next;
            lock (_lock)
            {
                if (!_queue.TryPeek(out _, out var key) || key.Due > _time.GetUtcNow() || !_queue.TryDequeue(out next, out _))
                {
                    return;
                }
            }

            // Outside the lock: a delivery may send (feedback), which enqueues.
            next.Target.Raise(next.Datagram);
        }
    }

    private void Enqueue(End target, ReadOnlyMemory<byte> datagram, TimeSpan delay)
    {
        lock (_lock)
        {
            _queue.Enqueue((target, datagram.ToArray()), (_time.GetUtcNow() + delay, _order++));
        }
    }

    internal sealed class End(LipSyncLink link, Func<ReadOnlyMemory<byte>, TimeSpan> delay) : IDatagramTransport
    {
        public event DatagramHandler? Received;

        public End? Peer { get; set; }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            link.Enqueue(Peer!, datagram, delay(datagram));
            return ValueTask.CompletedTask;
        }

        public void Raise(byte[] datagram) => Received?.Invoke(datagram);
    }
}
