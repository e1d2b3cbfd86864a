using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>
/// A transport that keeps what is sent in preallocated slots and delivers on the caller's thread
/// when told to, so a test can measure the allocations of one thread's send or receive path.
/// </summary>
internal sealed class CaptureTransport(int capacity) : IDatagramTransport
{
    private readonly byte[][] _slots = Enumerable.Range(0, capacity).Select(_ => new byte[2048]).ToArray();
    private readonly int[] _lengths = new int[capacity];

    public event DatagramHandler? Received;

    public int Count { get; private set; }

    public ReadOnlySpan<byte> this[int index] => _slots[index].AsSpan(0, _lengths[index]);

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        datagram.Span.CopyTo(_slots[Count]);
        _lengths[Count++] = datagram.Length;
        return ValueTask.CompletedTask;
    }

    public void Clear() => Count = 0;

    public void Deliver(ReadOnlySpan<byte> datagram) => Received?.Invoke(datagram);
}
