using Tandem.WebRtc.IntegrationTests.Browser;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// Setup steps of our connection against Chromium, our offer and Chromium's, several runs each: every
/// step happens in order, and the medians are written out (measured, not asserted).
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumSetupTimeTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const int Runs = 7;

    [Fact]
    public async Task Setup_EitherSideOffers_EveryStepInOrderMediansWritten()
    {
        var ourOffer = new List<SetupSteps>();
        var theirOffer = new List<SetupSteps>();
        for (var i = 0; i < Runs; i++)
        {
            await using (var session = await ChromiumSession.OpenAsync(chromium))
            {
                var channel = session.Ours.CreateDataChannel("setup");
                var start = DateTimeOffset.UtcNow;
                await session.OfferFromUsAsync();
                var signaled = DateTimeOffset.UtcNow;
                await LoopbackPeers.WaitOpenAsync(channel);
                ourOffer.Add(SetupSteps.From(session.Ours.GetStats(), start, signaled));
            }

            await using (var session = await ChromiumSession.OpenAsync(chromium))
            {
                await session.Browser.CreateDataChannelAsync("setup");
                var start = DateTimeOffset.UtcNow;
                await session.OfferFromChromiumAsync();
                var signaled = DateTimeOffset.UtcNow;
                await session.NextIncomingAsync();
                theirOffer.Add(SetupSteps.From(session.Ours.GetStats(), start, signaled));
            }
        }

        output.WriteLine($"our offer, median of {Runs}: {SetupSteps.Median(ourOffer)}");
        output.WriteLine($"Chromium's offer, median of {Runs}: {SetupSteps.Median(theirOffer)}");
        foreach (var run in ourOffer)
        {
            output.WriteLine($"  our offer: {run}");
        }

        foreach (var run in theirOffer)
        {
            output.WriteLine($"  their offer: {run}");
        }

        Assert.All(ourOffer, run => Assert.True(run.IsComplete, run.ToString()));
        Assert.All(theirOffer, run => Assert.True(run.IsComplete, run.ToString()));
    }
}
