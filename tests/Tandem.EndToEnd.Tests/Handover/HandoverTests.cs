using Tandem.Testing.Handover;
using Xunit.Abstractions;

namespace Tandem.EndToEnd.Tests.Handover;

/// <summary>
/// Network handover mid-call: the glasses (<c>tandem device</c> in a namespace of their own) move from
/// Wi-Fi to cellular — a new address on another link, the old one removed — and video resumes at our
/// app through an ICE restart the two sides negotiate on their own (the offerer restarts; an answering
/// glasses asks with <c>restart</c>, PROTOCOL.md R44), without a new DTLS handshake. The outage is only
/// bounded functionally here; bench/handover.sh measures it.
/// </summary>
[Trait("Category", "Handover")]
public class HandoverTests(ITestOutputHelper output)
{
    /// <summary>Far above the ~1-2 s a handover takes, far below the 30 s consent timeout: only a restart can meet it.</summary>
    private static readonly TimeSpan OutageBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GlassesAddressChangesMidCall_VideoResumesOnNewPath_SameDtlsSession(bool glassesOffer)
    {
        await using var network = await HandoverNetwork.CreateAsync();
        await using var call = await HandoverCall.StartAsync(network, glassesFirst: glassesOffer);
        var pc = call.App.PeerConnection!;
        var dtlsConnectedAt = pc.GetStats().DtlsConnectedAt;

        var switchedAt = await network.SwitchAsync();
        var outage = await call.OutageAsync(switchedAt, framesAfter: 50, OutageBound + TimeSpan.FromSeconds(5));

        Assert.True(outage is not null, $"video did not resume after the switch\n{call.Transcript}");
        output.WriteLine($"outage {outage!.Value.TotalMilliseconds:0} ms (glasses {(glassesOffer ? "offering" : "answering")})");
        Assert.True(outage < OutageBound, $"video stopped for {outage!.Value.TotalSeconds:0.00} s\n{call.Transcript}");
        Assert.Same(pc, call.App.PeerConnection);
        Assert.Equal(dtlsConnectedAt, pc.GetStats().DtlsConnectedAt);
        Assert.Equal(network.GlassesAddress, pc.GetStats().Ice!.SelectedRemoteCandidate?.Split(' ')[4]);
        Assert.Contains(
            glassesOffer ? "note: ICE lost its local address: restarting ICE" : "note: ICE lost its local address: asking the peer for an ICE restart",
            call.GlassesLines);
        if (!glassesOffer)
        {
            Assert.Contains("the peer asked for an ICE restart", call.Notes);
        }
    }
}
