using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// Setup steps of two of our connections over real 127.0.0.1 UDP with default options: every step
/// happens in order, and the medians are written out (no timed assertion: speed is measured, not tested).
/// </summary>
public sealed class PeerConnectionSetupTimeTests(ITestOutputHelper output)
{
    private const int Runs = 15;

    [Fact]
    public async Task Setup_DefaultOptions_EveryStepInOrderMediansWritten()
    {
        var offerer = new List<SetupSteps>();
        var answerer = new List<SetupSteps>();
        for (var i = 0; i < Runs; i++)
        {
            await using var peers = new LoopbackPeers();
            var channel = peers.Offerer.CreateDataChannel("setup");
            var start = DateTimeOffset.UtcNow;
            peers.Negotiate();
            var signaled = DateTimeOffset.UtcNow;
            await LoopbackPeers.WaitOpenAsync(channel);
            var incoming = await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
            await LoopbackPeers.WaitOpenAsync(incoming);
            offerer.Add(SetupSteps.From(peers.Offerer.GetStats(), start, signaled));
            answerer.Add(SetupSteps.From(peers.Answerer.GetStats(), start, signaled));
        }

        Assert.All(offerer, run => Assert.True(run.IsComplete, run.ToString()));
        Assert.All(answerer, run => Assert.True(run.IsComplete, run.ToString()));
        output.WriteLine($"offerer median of {Runs}: {SetupSteps.Median(offerer)}");
        output.WriteLine($"answerer median of {Runs}: {SetupSteps.Median(answerer)}");
        foreach (var run in offerer)
        {
            output.WriteLine($"  offerer run: {run}");
        }
    }
}
