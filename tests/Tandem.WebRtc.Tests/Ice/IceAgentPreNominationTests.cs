using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>
/// Before the controlling side's nomination arrives, the controlled side is connected on its valid pair
/// (W3C "connected", as libwebrtc's first writable connection), and consent still guards that pair.
/// </summary>
public sealed class IceAgentPreNominationTests
{
    [Fact]
    public void Connect_NominationNeverArrives_ControlledConnectedWithoutSelectionAndCarriesData()
    {
        using var h = new IceAgentHarness();
        h.Network.DropFilter = (_, _, data) => IsNomination(data);
        var received = new List<byte[]>();
        h.B.Transport.Received += d => received.Add(d.ToArray());

        h.Signal();
        h.Run(TimeSpan.FromMilliseconds(200));
        h.A.Transport.SendAsync(new byte[] { 0x80, 1 });
        h.Network.Flush();

        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        Assert.Null(h.B.SelectedPair);
        Assert.Equal([new byte[] { 0x80, 1 }], received);
    }

    [Fact]
    public void Send_BeforeAnyPairIsUsable_HeldAndSentFirstOnTheFirstUsablePair()
    {
        using var h = new IceAgentHarness();
        var received = new List<byte[]>();
        h.B.Transport.Received += d => received.Add(d.ToArray());

        // A DTLS server answering a ClientHello that came before our own check succeeded (issue 12).
        h.A.Transport.SendAsync(new byte[] { 22, 0xFE, 0xFD, 1 });
        h.A.Transport.SendAsync(new byte[] { 22, 0xFE, 0xFD, 2 });
        Assert.Equal(0, h.Network.Delivered);
        h.Signal();
        h.Run(TimeSpan.FromMilliseconds(200));
        h.A.Transport.SendAsync(new byte[] { 0x80, 3 });
        h.Network.Flush();

        Assert.Equal([new byte[] { 22, 0xFE, 0xFD, 1 }, new byte[] { 22, 0xFE, 0xFD, 2 }, new byte[] { 0x80, 3 }], received);
        Assert.Equal(0, h.A.GetStats().PacketsDropped);
        Assert.Equal(3, h.A.GetStats().PacketsSent);
    }

    [Fact]
    public void Send_AfterConsentIsLost_DroppedNotHeld()
    {
        using var h = new IceAgentHarness(configure: o => o with
        {
            Settings = o.Settings with { ConsentInterval = TimeSpan.FromSeconds(1), DisconnectedTimeout = TimeSpan.FromSeconds(2), ConsentTimeout = TimeSpan.FromSeconds(4) },
        });
        h.Signal();
        h.Run(TimeSpan.FromMilliseconds(200));
        h.B.Dispose();
        h.Run(TimeSpan.FromSeconds(5));
        Assert.Equal(IceConnectionState.Failed, h.A.ConnectionState);
        var dropped = h.A.GetStats().PacketsDropped;

        h.A.Transport.SendAsync(new byte[] { 0x80, 1 });

        Assert.Equal(dropped + 1, h.A.GetStats().PacketsDropped);
    }

    [Fact]
    public void Consent_PeerGoneBeforeNominating_DisconnectedThenFailed()
    {
        using var h = new IceAgentHarness(configure: o => o with
        {
            Settings = o.Settings with { ConsentInterval = TimeSpan.FromSeconds(1), DisconnectedTimeout = TimeSpan.FromSeconds(2), ConsentTimeout = TimeSpan.FromSeconds(4) },
        });
        h.Network.DropFilter = (_, _, data) => IsNomination(data);
        h.Signal();
        h.Run(TimeSpan.FromMilliseconds(200));
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        var states = new List<IceConnectionState>();
        h.B.ConnectionStateChanged += states.Add;

        h.A.Dispose();
        h.Run(TimeSpan.FromSeconds(5));

        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Failed], states);
        Assert.True(h.B.GetStats().ConsentRequestsSent > 0);
    }

    private static bool IsNomination(byte[] data) =>
        StunMessage.TryParse(data, out var message) && message.Class == StunClass.Request && message.HasUseCandidate;
}
