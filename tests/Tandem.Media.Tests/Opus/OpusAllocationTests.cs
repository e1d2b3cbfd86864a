using System.Buffers;
using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Jitter;
using Tandem.Media.Opus;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Opus;

public class OpusAllocationTests
{
    [Fact]
    public void EncodeDecode_SteadyState_AllocatesNothing()
    {
        using var encoder = new OpusEncoder();
        using var decoder = new OpusDecoder();
        var input = Signals.Sine(16_000, 440, 320);
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var pcm = new short[320];

        // Tiered JIT may allocate once while methods are recompiled; a per-frame allocation would
        // show in every round, so the quietest round must be allocation-free.
        int failures = 0;
        long quietest = MinimumAllocated(() => failures += RunFrames(encoder, decoder, input, packet, pcm, 200));

        Assert.Equal(0, quietest);
        Assert.Equal(0, failures);
    }

    [Fact]
    public void JitterBuffer_InsertAndPop_AllocatesNothing()
    {
        var time = new FakeTimeProvider();
        var buffer = new JitterBuffer<int>(JitterBufferOptions.Audio, time);
        int next = 0;
        int popped = 0;

        long quietest = MinimumAllocated(() =>
        {
            popped += Cycle(buffer, time, next, 200);
            next += 200;
        });

        Assert.Equal(0, quietest);
        Assert.True(popped >= 990, $"{popped} frames popped");
    }

    private static long MinimumAllocated(Action round)
    {
        long minimum = long.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            minimum = Math.Min(minimum, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return minimum;
    }

    private static int RunFrames(OpusEncoder encoder, OpusDecoder decoder, short[] input, byte[] packet, short[] pcm, int frames)
    {
        int failures = 0;
        for (int i = 0; i < frames; i++)
        {
            int length = encoder.Encode(input, packet);
            failures += decoder.Decode(packet.AsSpan(0, length), pcm, out _) == OperationStatus.Done ? 0 : 1;
            if (i % 10 == 0)
            {
                failures += decoder.DecodeLost(pcm) == 320 ? 0 : 1;
            }
        }

        return failures;
    }

    private static int Cycle(JitterBuffer<int> buffer, FakeTimeProvider time, int from, int count)
    {
        int popped = 0;
        for (int i = from; i < from + count; i++)
        {
            buffer.Insert((ushort)i, (uint)(i * 960), i);
            time.Advance(TimeSpan.FromMilliseconds(20));
            while (buffer.TryPop(out var frame))
            {
                popped += frame.Item >= 0 ? 1 : 0;
            }
        }

        return popped;
    }
}
