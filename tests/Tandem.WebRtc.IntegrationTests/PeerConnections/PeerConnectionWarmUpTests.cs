using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// <see cref="PeerConnection.WarmUpAsync"/>: one loopback call with every part of the stack, once per process.
/// What it saves is measured by bench/latency.sh (docs/PERFORMANCE.md), not here.
/// </summary>
public sealed class PeerConnectionWarmUpTests
{
    [Fact]
    public async Task WarmUp_CompletesTheLoopbackCall_OncePerProcess()
    {
        var first = PeerConnection.WarmUpAsync();
        var second = PeerConnection.WarmUpAsync();

        Assert.Same(first, second);
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Same(first, PeerConnection.WarmUpAsync());
    }

    [Fact]
    public async Task WarmUp_Cancelled_CompletesFalseWithoutThrowing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.False(await PeerConnection.RunWarmUpAsync(cancelled.Token).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
