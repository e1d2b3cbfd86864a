using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Jitter;
using Tandem.Media.Opus;
using Tandem.Media.Playout;
using Tandem.Media.Tests.Opus;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Playout;

public class OpusPlayoutTests
{
    private const uint Step = 960;
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryReadFrame_InOrder_DecodesEveryPacket()
    {
        var input = Signals.Sine(16_000, 440, 320 * 50);
        var packets = OpusCodecTests.EncodeAll(input, new OpusEncoderOptions());
        using var playout = new OpusPlayout(timeProvider: _time);

        var (kinds, pcm) = Play(playout, packets, lost: []);

        Assert.Equal(50, kinds.Count);
        Assert.All(kinds, k => Assert.Equal(PlayoutFrameKind.Decoded, k));
        Assert.True(Signals.BestCorrelation(input.AsSpan(1600, 8000), pcm.AsSpan(1600), 400, out _) > 0.9);
    }

    [Fact]
    public void TryReadFrame_SingleLoss_RecoversWithFec()
    {
        var packets = OpusCodecTests.EncodeAll(Signals.Sine(16_000, 440, 320 * 30), new OpusEncoderOptions { ExpectedPacketLossPercent = 30 });
        using var playout = new OpusPlayout(timeProvider: _time);

        var (kinds, _) = Play(playout, packets, lost: [10]);

        Assert.Equal(30, kinds.Count);
        Assert.Equal(PlayoutFrameKind.Recovered, kinds[10]);
        Assert.Equal(29, kinds.Count(k => k == PlayoutFrameKind.Decoded));
        Assert.Equal(new OpusPlayoutStatistics(29, 1, 0), playout.Statistics);
    }

    [Fact]
    public void TryReadFrame_ThreeLost_ConcealsTwoThenRecoversOne()
    {
        var packets = OpusCodecTests.EncodeAll(Signals.Sine(16_000, 440, 320 * 30), new OpusEncoderOptions());
        using var playout = new OpusPlayout(timeProvider: _time);

        var (kinds, pcm) = Play(playout, packets, lost: [10, 11, 12]);

        Assert.Equal(30, kinds.Count);
        Assert.Equal([PlayoutFrameKind.Concealed, PlayoutFrameKind.Concealed, PlayoutFrameKind.Recovered], kinds[10..13]);
        Assert.Equal(30 * 320, pcm.Length);
    }

    [Fact]
    public void TryReadFrame_GarbagePayload_ConcealsInsteadOfThrowing()
    {
        var packets = OpusCodecTests.EncodeAll(Signals.Sine(16_000, 440, 320 * 10), new OpusEncoderOptions());
        packets[5] = [0x03, 0x00];
        using var playout = new OpusPlayout(timeProvider: _time);

        var (kinds, pcm) = Play(playout, packets, lost: []);

        Assert.Equal(PlayoutFrameKind.Concealed, kinds[5]);
        Assert.Equal(10 * 320, pcm.Length);
    }

    [Fact]
    public void TryReadFrame_GapConcealed_EachFrameCarriesTheTimestampItsPacketWouldHave()
    {
        var packets = OpusCodecTests.EncodeAll(Signals.Sine(16_000, 440, 320 * 8), new OpusEncoderOptions());
        using var playout = new OpusPlayout(timeProvider: _time);
        uint first = uint.MaxValue - Step;
        var timestamps = new List<uint>();
        var frame = new short[1920];
        for (int i = 0; i < packets.Count + 10; i++)
        {
            if (i < packets.Count && i is not (3 or 4))
            {
                playout.InsertPacket((ushort)i, unchecked(first + ((uint)i * Step)), packets[i]);
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            while (playout.TryReadFrame(frame, out _, out _, out uint timestamp))
            {
                timestamps.Add(timestamp);
            }
        }

        Assert.Equal(Enumerable.Range(0, 8).Select(i => unchecked(first + ((uint)i * Step))), timestamps);
    }

    [Fact]
    public void InsertPacket_Duplicate_IsReported()
    {
        using var playout = new OpusPlayout(timeProvider: _time);

        Assert.Equal(JitterInsertResult.Inserted, playout.InsertPacket(1, 0, [0x08, 0x01]));
        Assert.Equal(JitterInsertResult.Duplicate, playout.InsertPacket(1, 0, [0x08, 0x01]));
        Assert.False(playout.TryReadFrame(new short[320], out _, out _));
    }

    private (List<PlayoutFrameKind> Kinds, short[] Pcm) Play(OpusPlayout playout, List<byte[]> packets, int[] lost)
    {
        var kinds = new List<PlayoutFrameKind>();
        var output = new List<short>();
        var frame = new short[1920];
        for (int i = 0; i < packets.Count + 10; i++)
        {
            if (i < packets.Count && !lost.Contains(i))
            {
                playout.InsertPacket((ushort)(500 + i), (uint)(i * Step), packets[i]);
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            while (playout.TryReadFrame(frame, out int samples, out var kind))
            {
                kinds.Add(kind);
                output.AddRange(frame.AsSpan(0, samples));
            }
        }

        return (kinds, [.. output]);
    }
}
