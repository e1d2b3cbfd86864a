using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.DataChannels;

public sealed class PartialReliabilityChannelTests
{
    [Fact]
    public async Task UnorderedMaxRetransmitsZero_NoLoss_DeliversAll()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, remote) = await pair.OpenAsync(pair.A, "lossy", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 });
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        remote.MessageReceived += _ =>
        {
            if (Interlocked.Increment(ref count) == 200)
            {
                all.SetResult();
            }
        };

        for (var i = 0; i < 200; i++)
        {
            local.Send(new byte[500]);
        }

        await all.Task.WaitAsync(DataChannelPair.Timeout);
        Assert.Equal(200, count);
        Assert.Equal(0, pair.AssociationA.GetStatistics().ForwardTsnSent);
    }

    [Fact]
    public async Task UnorderedMaxRetransmitsZero_UnderLoss_AbandonsWithForwardTsn()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, remote) = await pair.OpenAsync(pair.A, "lossy", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 });
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        remote.MessageReceived += m =>
        {
            Interlocked.Increment(ref count);
            if (m.Data.Length == 1)
            {
                marker.TrySetResult();
            }
        };
        var dataPackets = 0;
        var forwardSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.PipeA.DropFilter = d =>
        {
            if (Has(d, SctpChunkType.ForwardTsn))
            {
                forwardSent.TrySetResult();
                return false;
            }

            return Has(d, SctpChunkType.Data) && Interlocked.Increment(ref dataPackets) % 5 == 0;
        };

        for (var i = 0; i < 100; i++)
        {
            local.Send(new byte[1000]);
        }

        await forwardSent.Task.WaitAsync(DataChannelPair.Timeout);
        pair.PipeA.DropFilter = null;
        local.Send([1]);
        await marker.Task.WaitAsync(DataChannelPair.Timeout);

        var stats = pair.AssociationA.GetStatistics();
        Assert.True(pair.AssociationB.GetStatistics().ForwardTsnReceived > 0);
        Assert.True(stats.MessagesAbandoned > 0);
        Assert.Equal(0, stats.DataChunksRetransmitted);
        Assert.True(Volatile.Read(ref count) < 101);
    }

    private static bool Has(ReadOnlyMemory<byte> datagram, SctpChunkType type)
    {
        if (!SctpPacket.TryParse(datagram.Span, out var packet))
        {
            return false;
        }

        foreach (var chunk in packet.GetChunks())
        {
            if (chunk.Type == type)
            {
                return true;
            }
        }

        return false;
    }
}
