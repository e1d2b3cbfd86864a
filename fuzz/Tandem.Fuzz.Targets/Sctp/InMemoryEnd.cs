using Tandem.WebRtc.Transports;

namespace Tandem.Fuzz.Targets.Sctp;

/// <summary>
/// One end of an in-memory network between two associations: what it sends waits in the peer's inbox
/// until pumped on the caller's thread, so a run is deterministic. Can drop every n-th datagram and keep
/// a copy of everything sent.
/// </summary>
internal sealed class InMemoryEnd(bool record = false) : IDatagramTransport
{
    private readonly Queue<byte[]> _inbox = new();
    private int _sentCount;

    public event DatagramHandler? Received;

    public InMemoryEnd? Peer { get; set; }

    /// <summary>Every datagram sent, when recording.</summary>
    public List<byte[]> Sent { get; } = [];

    public byte[]? LastSent { get; private set; }

    /// <summary>Drops every n-th datagram sent (0: none).</summary>
    public int DropEvery { get; set; }

    /// <summary>Connects two ends.</summary>
    public static void Pair(InMemoryEnd a, InMemoryEnd b)
    {
        a.Peer = b;
        b.Peer = a;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        LastSent = datagram.ToArray();
        if (record)
        {
            Sent.Add(LastSent);
        }

        if (DropEvery == 0 || ++_sentCount % DropEvery != 0)
        {
            Peer!._inbox.Enqueue(LastSent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Raises a datagram as received from the network.</summary>
    public void Deliver(ReadOnlySpan<byte> datagram) => Received?.Invoke(datagram);

    /// <summary>Delivers the oldest queued datagram; false when none is queued.</summary>
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
