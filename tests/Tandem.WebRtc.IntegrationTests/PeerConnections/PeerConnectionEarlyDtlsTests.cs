using Tandem.Testing;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// A DTLS client that sends its ClientHello as soon as its own connectivity check succeeds reaches us
/// before our side can answer: before our answer's role is known, or before our own check succeeded.
/// The ClientHello must be held and answered once we can, with no flight lost or repeated (issue 12:
/// otherwise the handshake waits for a retransmission, ~1 s with default timers).
/// </summary>
public sealed class PeerConnectionEarlyDtlsTests
{
    // Long enough that a lost flight shows as a retransmission only after the test has counted.
    private static readonly DtlsOptions SlowRetransmits = new()
    {
        InitialRetransmitTimeout = TimeSpan.FromSeconds(10),
        HandshakeTimeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task ClientHello_BeforeOurAnswerIsApplied_HeldAndAnsweredWithoutRetransmission()
    {
        var flights = new FlightCounter();
        await using var peers = Create(flights, blockOffererChecks: null);
        peers.Offerer.CreateDataChannel("early");
        var answer = OfferAndAnswer(peers);

        // The answerer's check on our candidates succeeded and its ClientHello reached our ICE agent,
        // while the answer (and so our DTLS role) is still on its way to us.
        await Poll.WaitUntilAsync(() => flights.ClientHellos >= 1 && OffererDataReceived(peers) >= 1, "a ClientHello and data at the offerer", LoopbackPeers.Timeout);
        peers.Offerer.SetRemoteDescription(answer);

        await AssertConnectedWithoutRetransmissionAsync(peers, flights);
    }

    [Fact]
    public async Task ClientHello_BeforeOurOwnCheckSucceeded_AnsweredOnceThePairIsUsable()
    {
        var flights = new FlightCounter();
        var blockChecks = true;
        await using var peers = Create(flights, blockOffererChecks: () => Volatile.Read(ref blockChecks));
        peers.Offerer.CreateDataChannel("early");
        var answer = OfferAndAnswer(peers);
        peers.Offerer.SetRemoteDescription(answer);

        // Our DTLS server has the ClientHello, but none of our checks got through yet: its answer waits in ICE.
        await Poll.WaitUntilAsync(() => flights.ClientHellos >= 1 && OffererDataReceived(peers) >= 1, "a ClientHello and data at the offerer", LoopbackPeers.Timeout);
        Assert.Equal(0, flights.ServerHellos);
        Volatile.Write(ref blockChecks, false);

        await AssertConnectedWithoutRetransmissionAsync(peers, flights);
    }

    private static LoopbackPeers Create(FlightCounter flights, Func<bool>? blockOffererChecks) => new(
        LoopbackPeers.Loopback() with
        {
            Settings = new RtcEngineSettings { Dtls = SlowRetransmits },
            OutgoingFilter = d => flights.OffererSends(d, blockOffererChecks?.Invoke() == true),
        },
        LoopbackPeers.Loopback() with
        {
            Settings = new RtcEngineSettings { Dtls = SlowRetransmits },
            OutgoingFilter = flights.AnswererSends,
        });

    /// <summary>The exchange up to the answer, which the caller hands to the offerer when the test wants it there.</summary>
    private static RtcSessionDescriptionInit OfferAndAnswer(LoopbackPeers peers)
    {
        var offer = peers.Offerer.CreateOffer();
        peers.Offerer.SetLocalDescription(offer);
        peers.Answerer.SetRemoteDescription(offer);
        var answer = peers.Answerer.CreateAnswer();
        peers.Answerer.SetLocalDescription(answer);
        return answer;
    }

    private static long OffererDataReceived(LoopbackPeers peers) => peers.Offerer.GetStats().Ice?.PacketsReceived ?? 0;

    private static async Task AssertConnectedWithoutRetransmissionAsync(LoopbackPeers peers, FlightCounter flights)
    {
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected));
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Answerer, RtcPeerConnectionState.Connected));
        Assert.Equal(DtlsRole.Server, peers.Offerer.DtlsRole);

        // One ClientHello and one ServerHello flight: nothing was lost and resent; and our agent never had
        // to drop an outgoing datagram for want of a pair (the answer to an early ClientHello waited for one).
        Assert.Equal(1, flights.ClientHellos);
        Assert.Equal(1, flights.ServerHellos);
        Assert.Equal(0, peers.Offerer.GetStats().Ice?.PacketsDropped);
    }

    /// <summary>Counts DTLS hellos as they leave each agent (RFC 6347 §4.1 record, handshake type at byte 13).</summary>
    private sealed class FlightCounter
    {
        private int _clientHellos;
        private int _serverHellos;

        public int ClientHellos => Volatile.Read(ref _clientHellos);

        public int ServerHellos => Volatile.Read(ref _serverHellos);

        /// <summary>Counts ServerHellos; drops our STUN Binding requests (0x0001) while <paramref name="blockChecks"/>.</summary>
        public bool OffererSends(ReadOnlySpan<byte> datagram, bool blockChecks)
        {
            if (IsHandshake(datagram, 2))
            {
                Interlocked.Increment(ref _serverHellos);
            }

            return blockChecks && datagram.Length > 1 && datagram[0] == 0 && datagram[1] == 1;
        }

        public bool AnswererSends(ReadOnlySpan<byte> datagram)
        {
            if (IsHandshake(datagram, 1))
            {
                Interlocked.Increment(ref _clientHellos);
            }

            return false;
        }

        private static bool IsHandshake(ReadOnlySpan<byte> datagram, byte type) =>
            datagram.Length > 13 && datagram[0] == DtlsRecordHeader.Handshake && datagram[13] == type;
    }
}
