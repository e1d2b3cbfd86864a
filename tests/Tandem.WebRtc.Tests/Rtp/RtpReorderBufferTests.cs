using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public sealed class RtpReorderBufferTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly RtpReorderBuffer _buffer;
    private readonly List<ushort> _released = [];

    public RtpReorderBufferTests() => _buffer = new RtpReorderBuffer(64, 100, TimeSpan.FromMilliseconds(100), _time);

    public void Dispose() => _buffer.Dispose();

    [Fact]
    public void Insert_InOrder_ReleasedImmediately()
    {
        Feed(1, 2, 3);

        Assert.Equal(new ushort[] { 1, 2, 3 }, _released);
        Assert.Equal(0, _buffer.Count);
    }

    [Fact]
    public void Insert_Reordered_ReleasedInSequence()
    {
        Feed(1, 3);
        Assert.Equal(new ushort[] { 1 }, _released);

        Feed(2);

        Assert.Equal(new ushort[] { 1, 2, 3 }, _released);
    }

    [Fact]
    public void Drain_GapOlderThanMaxDelay_SkipsIt()
    {
        Feed(1, 3, 4);
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Drain();
        Assert.Equal(new ushort[] { 1 }, _released);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Drain();

        Assert.Equal(new ushort[] { 1, 3, 4 }, _released);
        Assert.Equal(1, _buffer.SkippedPackets);
        Assert.False(Insert(2));
    }

    [Fact]
    public void Insert_DuplicateOrAlreadyReleased_Rejected()
    {
        Feed(1, 3);

        Assert.False(Insert(3));
        Assert.False(Insert(1));
        Assert.Equal(1, _buffer.Count);
    }

    [Fact]
    public void Insert_AcrossWrap_KeepsModuloOrder()
    {
        Feed(65534, 0, 65535, 1);

        Assert.Equal(new ushort[] { 65534, 65535, 0, 1 }, _released);
    }

    [Fact]
    public void Insert_FarAheadOfWindow_FlushesWaitingInOrder()
    {
        Feed(1, 3, 5);

        Feed(200);
        Assert.Equal(new ushort[] { 1, 3, 5 }, _released);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Drain();

        Assert.Equal(new ushort[] { 1, 3, 5, 200 }, _released);
        Assert.Equal(198 - 2, _buffer.SkippedPackets);
    }

    [Fact]
    public void Insert_SenderRestartsFarBehind_StartsOver()
    {
        Feed(30000, 30002);

        Feed(5, 6);

        Assert.Equal(new ushort[] { 30000, 30002, 5, 6 }, _released);

        Feed(8);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Drain();
        Assert.Equal(new ushort[] { 30000, 30002, 5, 6, 8 }, _released);
    }

    [Fact]
    public void Push_RandomOrderLossAndDuplicates_ReleasesStrictlyIncreasing()
    {
        var random = new Random(3);
        ushort seq = 60000;
        for (var i = 0; i < 5_000; i++)
        {
            var candidate = (ushort)(seq + random.Next(-20, 5));
            seq = RtpSequenceNumber.IsNewer(candidate, seq) ? candidate : seq;
            Insert(candidate);
            _time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 40)));
            Drain();
        }

        for (var i = 1; i < _released.Count; i++)
        {
            Assert.True(RtpSequenceNumber.IsNewer(_released[i], _released[i - 1]));
        }

        Assert.True(_released.Count > 1_000);
    }

    [Fact]
    public void Insert_NotRtpOrTooBig_Rejected()
    {
        Assert.False(_buffer.Push(new byte[11], _released, Release));
        Assert.False(_buffer.Push(new byte[101], _released, Release));
    }

    private void Feed(params ushort[] sequenceNumbers)
    {
        foreach (var seq in sequenceNumbers)
        {
            Insert(seq);
        }
    }

    private bool Insert(ushort seq)
    {
        var packet = new byte[20];
        packet[0] = 0x80;
        packet[2] = (byte)(seq >> 8);
        packet[3] = (byte)seq;
        return _buffer.Push(packet, _released, Release);
    }

    private void Drain() => _buffer.Drain(_released, Release);

    private static void Release(ReadOnlySpan<byte> packet, List<ushort> list)
    {
        Assert.True(RtpPacket.TryParse(packet, out var parsed));
        list.Add(parsed.SequenceNumber);
    }
}
