using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Srtp;

public class SrtpStreamStateTests
{
    [Theory]
    [InlineData(0u, (ushort)100, (ushort)101, 101L)]
    [InlineData(0u, (ushort)65535, (ushort)0, 65536L)]
    [InlineData(1u, (ushort)2, (ushort)65535, 65535L)]
    [InlineData(3u, (ushort)40000, (ushort)100, (4L << 16) | 100)]
    [InlineData(3u, (ushort)40000, (ushort)7233, (3L << 16) | 7233)]
    [InlineData(3u, (ushort)100, (ushort)33000, (2L << 16) | 33000)]
    [InlineData(3u, (ushort)100, (ushort)32868, (3L << 16) | 32868)]
    [InlineData(0u, (ushort)10, (ushort)60000, -1L)]
    public void EstimateIndex_Rfc3711AppendixA_PicksClosestRollover(uint roc, ushort highest, ushort sequence, long expected)
    {
        Assert.Equal(expected, SrtpRtpStream.EstimateIndex(roc, highest, sequence));
    }

    [Fact]
    public void Advance_PastWrap_IncrementsRolloverCounter()
    {
        var stream = new SrtpRtpStream(64);
        stream.Advance(65535);

        long index = stream.EstimateIndex(0);
        stream.Advance((ulong)index);

        Assert.Equal(65536L, index);
        Assert.Equal(1u, stream.RolloverCounter);
        Assert.Equal((ushort)0, stream.HighestSequence);
    }

    [Fact]
    public void Advance_OlderIndex_KeepsHighest()
    {
        var stream = new SrtpRtpStream(64);
        stream.Advance(70000);
        stream.Advance(65000);

        Assert.Equal(1u, stream.RolloverCounter);
        Assert.Equal((ushort)(70000 - 65536), stream.HighestSequence);
    }

    [Fact]
    public void ReplayWindow_BigJump_ForgetsEverythingBehindTheWindow()
    {
        var window = new SrtpReplayWindow(128);
        window.Accept(10);
        window.Accept(10_000);

        Assert.False(window.IsAcceptable(10));
        Assert.False(window.IsAcceptable(10_000));
        Assert.True(window.IsAcceptable(10_000 - 127));
        Assert.False(window.IsAcceptable(10_000 - 128));
        Assert.True(window.IsAcceptable(10_001));
    }

    [Fact]
    public void ReplayWindow_SlidingForward_ClearsSkippedSlots()
    {
        var window = new SrtpReplayWindow(64);
        for (ulong i = 0; i < 64; i++)
        {
            window.Accept(i);
        }

        window.Accept(70);

        // 64..69 were skipped: their ring slots held 0..5 and must read as unseen now.
        for (ulong i = 64; i < 70; i++)
        {
            Assert.True(window.IsAcceptable(i));
        }

        Assert.False(window.IsAcceptable(63));
        Assert.False(window.IsAcceptable(6));
        Assert.False(window.IsAcceptable(70));
    }

    [Fact]
    public void NextIndex_At31BitLimit_WrapsToZero()
    {
        var stream = new SrtcpStream(64, firstIndex: 0x7FFF_FFFE);

        uint[] indices = [stream.NextIndex(), stream.NextIndex(), stream.NextIndex()];

        Assert.Equal([0x7FFF_FFFEu, 0x7FFF_FFFFu, 0u], indices);
    }
}
