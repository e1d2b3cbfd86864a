using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Sctp;

/// <summary>
/// A deterministic two-end network for association tests: datagrams queue up and are delivered by
/// <see cref="Pump"/> on the test thread, and time only moves through the shared <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class SctpTestNetwork : IDisposable
{
    public SctpTestNetwork(SctpAssociationOptions? options = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        EndA = new ManualEnd();
        EndB = new ManualEnd();
        EndA.Peer = EndB;
        EndB.Peer = EndA;
        A = new SctpAssociation(EndA, options, Time);
        B = new SctpAssociation(EndB, options, Time);
    }

    public FakeTimeProvider Time { get; }

    public ManualEnd EndA { get; }

    public ManualEnd EndB { get; }

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    /// <summary>Delivers queued datagrams (and those they cause) until none are left.</summary>
    public void Pump()
    {
        for (var guard = 0; guard < 1_000_000; guard++)
        {
            if (!EndA.DeliverOne() && !EndB.DeliverOne())
            {
                return;
            }
        }

        throw new InvalidOperationException("Network did not settle.");
    }

    /// <summary>Pumps and advances time in <paramref name="step"/> increments until <paramref name="done"/> or the limit.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit, TimeSpan? step = null)
    {
        var elapsed = TimeSpan.Zero;
        var increment = step ?? TimeSpan.FromMilliseconds(10);
        while (true)
        {
            Pump();
            if (done())
            {
                return true;
            }

            if (elapsed >= limit)
            {
                return false;
            }

            Time.Advance(increment);
            elapsed += increment;
        }
    }

    public void Connect(bool simultaneous = false)
    {
        A.Connect();
        if (simultaneous)
        {
            B.Connect();
        }

        Assert.True(RunUntil(() => A.State == SctpAssociationState.Established && B.State == SctpAssociationState.Established, TimeSpan.FromSeconds(5)));
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    internal sealed class ManualEnd : IDatagramTransport
    {
        private readonly Queue<byte[]> _inbox = new();

        public ManualEnd? Peer { get; set; }

        /// <summary>Return true to drop an outgoing datagram.</summary>
        public Func<byte[], bool>? DropFilter { get; set; }

        /// <summary>Every datagram this end sent, dropped or not.</summary>
        public List<byte[]> Sent { get; } = [];

        public event DatagramHandler? Received;

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            var copy = datagram.ToArray();
            Sent.Add(copy);
            if (DropFilter?.Invoke(copy) != true)
            {
                Peer!._inbox.Enqueue(copy);
            }

            return ValueTask.CompletedTask;
        }

        public bool DeliverOne()
        {
            if (!_inbox.TryDequeue(out var datagram))
            {
                return false;
            }

            Received?.Invoke(datagram);
            return true;
        }
    }
}
