using System.Threading.Channels;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Transports;

public sealed class DatagramDemuxTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0, nameof(DatagramKind.Stun))]
    [InlineData(1, nameof(DatagramKind.Stun))]
    [InlineData(3, nameof(DatagramKind.Stun))]
    [InlineData(4, nameof(DatagramKind.Unknown))]
    [InlineData(19, nameof(DatagramKind.Unknown))]
    [InlineData(20, nameof(DatagramKind.Dtls))]
    [InlineData(22, nameof(DatagramKind.Dtls))]
    [InlineData(63, nameof(DatagramKind.Dtls))]
    [InlineData(64, nameof(DatagramKind.Unknown))]
    [InlineData(127, nameof(DatagramKind.Unknown))]
    [InlineData(128, nameof(DatagramKind.Rtp))]
    [InlineData(191, nameof(DatagramKind.Rtp))]
    [InlineData(192, nameof(DatagramKind.Unknown))]
    [InlineData(255, nameof(DatagramKind.Unknown))]
    public void Classify_FirstByte_FollowsRfc7983Ranges(byte firstByte, string expectedName) =>
        Assert.Equal(Enum.Parse<DatagramKind>(expectedName), DatagramDemux.Classify(firstByte));

    [Fact]
    public async Task Received_MixedDatagrams_EachReachesItsSubTransportInOrder()
    {
        var (a, b) = DatagramPipe.CreatePair();
        using var demux = new DatagramDemux(b);
        var stun = Collect(demux.Stun);
        var dtls = Collect(demux.Dtls);
        var rtp = Collect(demux.Rtp);

        await a.SendAsync(new byte[] { 0, 1, 2 });
        await a.SendAsync(new byte[] { 22, 0xFE, 0xFD });
        await a.SendAsync(new byte[] { 0x80, 96, 0, 1 });
        await a.SendAsync(new byte[] { 0x81, 200, 0, 6 });
        await a.SendAsync(new byte[] { 1, 1 });

        Assert.Equal([0, 1, 2], await stun.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal([1, 1], await stun.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal([22, 0xFE, 0xFD], await dtls.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal([0x80, 96, 0, 1], await rtp.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal([0x81, 200, 0, 6], await rtp.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.False(dtls.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Received_UnknownOrEmptyDatagram_IsDroppedAndCounted()
    {
        var (a, b) = DatagramPipe.CreatePair();
        using var demux = new DatagramDemux(b);
        var rtp = Collect(demux.Rtp);
        var dtls = Collect(demux.Dtls);

        await a.SendAsync(new byte[] { 100, 1 });
        await a.SendAsync(ReadOnlyMemory<byte>.Empty);
        await a.SendAsync(new byte[] { 0x90, 1 });

        // The pipe delivers in order, so once the RTP datagram is in, the two before it were handled.
        Assert.Equal([0x90, 1], await rtp.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal(2, demux.DroppedDatagrams);
        Assert.False(dtls.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SendAsync_FromAnySubTransport_GoesOutOnTheLowerTransport()
    {
        var (a, b) = DatagramPipe.CreatePair();
        using var demux = new DatagramDemux(a);
        var received = Collect(b);

        await demux.Dtls.SendAsync(new byte[] { 22, 1 });
        await demux.Rtp.SendAsync(new byte[] { 0x80, 2 });
        await demux.Stun.SendAsync(new byte[] { 0, 3 });

        Assert.Equal([22, 1], await received.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal([0x80, 2], await received.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.Equal([0, 3], await received.Reader.ReadAsync().AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task Dispose_StopsRouting()
    {
        var (a, b) = DatagramPipe.CreatePair();
        var demux = new DatagramDemux(b);
        var rtp = Collect(demux.Rtp);
        var probe = Collect(b);
        demux.Dispose();

        await a.SendAsync(new byte[] { 0x80, 1 });

        Assert.Equal([0x80, 1], await probe.Reader.ReadAsync().AsTask().WaitAsync(Guard));
        Assert.False(rtp.Reader.TryRead(out _));
    }

    private static Channel<byte[]> Collect(IDatagramTransport transport)
    {
        var channel = Channel.CreateUnbounded<byte[]>();
        transport.Received += datagram => channel.Writer.TryWrite(datagram.ToArray());
        return channel;
    }
}
