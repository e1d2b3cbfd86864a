using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>The harness's trickle candidate stream, as the C# stack's tests will consume it.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumIceTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Candidates_AfterSetLocalDescription_TrickleThenEndOfCandidates(bool withMedia)
    {
        await using var peer = await chromium.OpenPeerAsync();
        await peer.CreatePeerConnectionAsync();
        if (withMedia)
        {
            await peer.AddFakeMediaAsync(audio: true, video: false);
        }

        await peer.CreateDataChannelAsync("probe");
        await peer.SetLocalDescriptionAsync();
        var candidates = new List<IceCandidateInit>();
        while (candidates.LastOrDefault()?.IsEndOfCandidates != true)
        {
            candidates.Add(await peer.NextCandidateAsync());
        }

        output.WriteLine(string.Join('\n', candidates.Select(c => c.Candidate)));
        var gathered = candidates[..^1];
        Assert.NotEmpty(gathered);
        Assert.All(gathered, c => Assert.StartsWith("candidate:", c.Candidate, StringComparison.Ordinal));
        Assert.All(gathered, c => Assert.Equal(c.SdpMLineIndex.ToString(), c.SdpMid));
        Assert.All(gathered, c => Assert.Contains(" typ host", c.Candidate, StringComparison.Ordinal));
        Assert.Equal("complete", (await peer.GetStateAsync()).IceGatheringState);
    }
}
