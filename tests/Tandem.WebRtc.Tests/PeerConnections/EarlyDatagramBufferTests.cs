using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.PeerConnections;

public sealed class EarlyDatagramBufferTests
{
    [Fact]
    public void Open_AfterEarlyDatagrams_ReplaysThemInOrderThenPassesThrough()
    {
        var lower = new SyncTransport();
        using var buffer = new EarlyDatagramBuffer(lower);
        var seen = new List<byte>();
        buffer.Received += d => seen.Add(d[0]);

        lower.Deliver(1);
        lower.Deliver(2);
        var beforeOpen = seen.Count;
        buffer.Open();
        lower.Deliver(3);

        Assert.Equal(0, beforeOpen);
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public void Deliver_BeyondCapacity_DropsTheExcess()
    {
        var lower = new SyncTransport();
        using var buffer = new EarlyDatagramBuffer(lower);
        var count = 0;
        buffer.Received += _ => count++;

        for (var i = 0; i < EarlyDatagramBuffer.Capacity + 10; i++)
        {
            lower.Deliver((byte)i);
        }

        buffer.Open();

        Assert.Equal(EarlyDatagramBuffer.Capacity, count);
    }

    [Fact]
    public async Task SendAsyncAndDispose_SendsThroughAndStopsReceiving()
    {
        var lower = new SyncTransport();
        var buffer = new EarlyDatagramBuffer(lower);
        var count = 0;
        buffer.Received += _ => count++;
        buffer.Open();

        await buffer.SendAsync(new byte[] { 9 });
        buffer.Dispose();
        lower.Deliver(1);

        Assert.Equal([9], Assert.Single(lower.Sent));
        Assert.Equal(0, count);
    }

    /// <summary>Raises datagrams synchronously on the caller's thread.</summary>
    private sealed class SyncTransport : IDatagramTransport
    {
        public event DatagramHandler? Received;

        public List<byte[]> Sent { get; } = [];

        public void Deliver(byte first) => Received?.Invoke([first, 0x80]);

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            Sent.Add(datagram.ToArray());
            return ValueTask.CompletedTask;
        }
    }
}
