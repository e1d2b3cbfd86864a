using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>
/// Network handover on a fake clock: a silent path is noticed within <see cref="IceSettings.DisconnectedTimeout"/>
/// (probing a quiet one first), a vanished local address at the next address poll; the agent asks for a
/// restart, gathers the new address on it and connects on a new pair (Disconnected → Checking → Connected).
/// </summary>
public sealed class IceAgentHandoverTests
{
    private static readonly IPAddress Cellular = IPAddress.Parse("10.0.9.1");

    [Fact]
    public void MediaFlowing_PeerGoesSilent_DisconnectedAfterTimeout_RestartAskedOnce()
    {
        using var h = Connected(out var reasons);
        h.Run(TimeSpan.FromSeconds(1), () => SendMedia(h));
        h.Network.DropFilter = (_, _, _) => true;

        h.Run(TimeSpan.FromSeconds(2.9), () => SendMedia(h));
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.Empty(reasons);
        h.Run(TimeSpan.FromSeconds(0.2), () => SendMedia(h));
        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);
        h.Run(TimeSpan.FromSeconds(10), () => SendMedia(h));

        Assert.Equal([IceRestartReason.PathSilent], reasons);
        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);
    }

    [Fact]
    public void MediaPauses_PathAlive_ProbedFasterThenIdle_StaysConnected()
    {
        using var h = Connected(out var reasons);
        h.Run(TimeSpan.FromSeconds(1), () => SendMedia(h));
        var before = h.A.GetStats().ConsentRequestsSent;

        h.Run(TimeSpan.FromSeconds(5));
        var probes = h.A.GetStats().ConsentRequestsSent - before;
        h.Run(TimeSpan.FromSeconds(20));

        Assert.Empty(reasons);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.InRange(probes, 3, 8);
        Assert.InRange(h.A.GetStats().ConsentRequestsSent - before - probes, 3, 6);
    }

    [Fact]
    public void IdlePath_PeerGoesSilent_DisconnectedOnlyAfterConsentIntervalPlusTimeout()
    {
        using var h = Connected(out var reasons);
        h.Network.DropFilter = (_, _, _) => true;

        h.Run(TimeSpan.FromSeconds(3.5));
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        h.Run(TimeSpan.FromSeconds(6));

        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);
        Assert.Equal([IceRestartReason.PathSilent], reasons);
    }

    [Fact]
    public void MediaFromPeer_CountsAsHeard_OnlyRegularConsentChecks()
    {
        using var h = Connected(out var reasons);
        var before = h.A.GetStats().ConsentRequestsSent;

        h.Run(TimeSpan.FromSeconds(20), () => SendMedia(h));

        Assert.Empty(reasons);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.InRange(h.A.GetStats().ConsentRequestsSent - before, 3, 6);
    }

    [Fact]
    public void SilentPathComesBack_ConnectedAgain()
    {
        using var h = Connected(out _);
        h.Run(TimeSpan.FromSeconds(1), () => SendMedia(h));
        h.Network.DropFilter = (_, _, _) => true;
        h.Run(TimeSpan.FromSeconds(3.5), () => SendMedia(h));
        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);

        h.Network.DropFilter = null;
        h.Run(TimeSpan.FromSeconds(1), () => SendMedia(h));

        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
    }

    [Fact]
    public void SelectedAddressVanishes_DisconnectedAtNextPoll_CandidateDropped()
    {
        using var h = Connected(out var reasons);
        MoveAToCellular(h);

        h.Run(TimeSpan.FromSeconds(1.1));

        Assert.Equal([IceRestartReason.LocalAddressLost], reasons);
        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);
        Assert.DoesNotContain(h.A.LocalCandidates, c => c.Address == IceAgentHarness.AddressA.ToString());
    }

    [Fact]
    public void RestartAfterAddressChange_NewHostGathered_ConnectsOnIt_CheckingThenConnected()
    {
        using var h = Connected(out _);
        var states = new List<IceConnectionState>();
        h.A.ConnectionStateChanged += states.Add;
        var gathered = new List<IceCandidate>();
        h.A.LocalCandidateGathered += gathered.Add;
        MoveAToCellular(h);
        h.Run(TimeSpan.FromSeconds(1.1));

        h.Restart();
        h.Run(TimeSpan.FromSeconds(1));

        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Checking, IceConnectionState.Connected], states);
        Assert.Equal(Cellular.ToString(), h.A.SelectedPair!.Local.Address);
        Assert.Equal(Cellular.ToString(), Assert.Single(gathered).Address);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        Assert.Equal(Cellular.ToString(), h.B.SelectedPair!.Remote.Address);
    }

    [Fact]
    public void NewAddressWhileDisconnected_RestartAskedAgain()
    {
        using var h = Connected(out var reasons);
        h.Run(TimeSpan.FromSeconds(1), () => SendMedia(h));
        h.Network.DropFilter = (_, _, _) => true;
        h.Run(TimeSpan.FromSeconds(4), () => SendMedia(h));
        Assert.Equal([IceRestartReason.PathSilent], reasons);

        h.AddressesA.Add(Cellular);
        h.Run(TimeSpan.FromSeconds(1.1));

        Assert.Equal([IceRestartReason.PathSilent, IceRestartReason.NewLocalAddress], reasons);
    }

    [Fact]
    public void NewAddressWhileConnected_NoRestart()
    {
        using var h = Connected(out var reasons);
        h.AddressesA.Add(Cellular);

        h.Run(TimeSpan.FromSeconds(3));

        Assert.Empty(reasons);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
    }

    [Fact]
    public void AddressPollOff_VanishedAddressOnlyNoticedBySilence()
    {
        using var h = Connected(out var reasons, o => o with { Settings = o.Settings with { AddressPollInterval = TimeSpan.Zero } });
        h.Run(TimeSpan.FromSeconds(1), () => SendMedia(h));
        MoveAToCellular(h);

        h.Run(TimeSpan.FromSeconds(1.1), () => SendMedia(h));
        Assert.Empty(reasons);
        h.Run(TimeSpan.FromSeconds(3), () => SendMedia(h));

        Assert.Equal([IceRestartReason.PathSilent], reasons);
    }

    /// <summary>B sends A one RTP-like datagram (one per 10 ms step: media is flowing).</summary>
    private static void SendMedia(IceAgentHarness h) => h.B.Transport.SendAsync(new byte[] { 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 });

    /// <summary>Wi-Fi to cellular: A's address is replaced, and nothing reaches or leaves the old one any more.</summary>
    private static void MoveAToCellular(IceAgentHarness h)
    {
        h.AddressesA.Clear();
        h.AddressesA.Add(Cellular);
        h.Network.DropFilter = (from, to, _) => from.Address.Equals(IceAgentHarness.AddressA) || to.Address.Equals(IceAgentHarness.AddressA);
    }

    private static IceAgentHarness Connected(out List<IceRestartReason> reasons, Func<IceAgentOptions, IceAgentOptions>? configure = null)
    {
        var h = new IceAgentHarness(configure: configure);
        var asked = new List<IceRestartReason>();
        h.A.RestartNeeded += asked.Add;
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        reasons = asked;
        return h;
    }
}
