using Tandem.WebRtc.DataChannels;

namespace Tandem.WebRtc.Tests.DataChannels;

public sealed class LossyPipeChannelTests
{
    [Fact]
    public async Task ReliableOrdered_FivePercentLossBothWays_AllArriveInOrder()
    {
        using var pair = await DataChannelPair.ConnectAsync();
        var (local, remote) = await pair.OpenAsync(pair.A, "lossy-reliable");
        var randomA = new Random(11);
        var randomB = new Random(12);
        pair.PipeA.DropFilter = _ => { lock (randomA) { return randomA.NextDouble() < 0.05; } };
        pair.PipeB.DropFilter = _ => { lock (randomB) { return randomB.NextDouble() < 0.05; } };
        var received = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += m =>
        {
            received.Add(BitConverter.ToInt32(m.Data));
            if (received.Count == 500)
            {
                done.SetResult();
            }
        };

        var payload = new byte[600];
        for (var i = 0; i < 500; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            local.Send(payload);
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, 500), received);
        Assert.Equal(RtcDataChannelState.Open, remote.ReadyState);
    }
}
