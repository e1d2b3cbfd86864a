using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// Both ends of a connected pair closing at (nearly) the same moment: the peer's ABORT and close_notify cross our
/// own Close, with the data channel open or still being opened (DCEP OPEN in flight).
/// </summary>
public sealed class PeerConnectionCloseRaceTests
{
    private const int Iterations = 12;

    [Fact]
    public async Task Close_BothSidesAtOnceOrMillisecondsApart_NeverThrowsAndBothClosed()
    {
        var failures = new List<string>();
        var closed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var peers = new LoopbackPeers();
            var channel = peers.Offerer.CreateDataChannel("race");
            peers.Negotiate();
            if (i % 2 == 0)
            {
                await LoopbackPeers.WaitOpenAsync(channel);
                await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
            }
            else
            {
                // Closed as soon as DTLS is up: SCTP's INIT and the channel's DCEP OPEN are in flight.
                await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected);
            }

            // 0 to 7 ms apart: from truly simultaneous to our Close landing while the peer's ABORT and close_notify arrive.
            var delay = i % 8;
            using var start = new Barrier(2);
            var offerer = Task.Run(() => { start.SignalAndWait(); peers.Offerer.Close(); });
            var answerer = Task.Run(() => { start.SignalAndWait(); Thread.Sleep(delay); peers.Answerer.Close(); });
            foreach (var close in new[] { offerer, answerer })
            {
                try
                {
                    await close;
                }
                catch (Exception e)
                {
                    failures.Add($"iteration {i}: {e}");
                }
            }

            if (peers.Offerer.ConnectionState == RtcPeerConnectionState.Closed && peers.Answerer.ConnectionState == RtcPeerConnectionState.Closed)
            {
                closed++;
            }
        }

        Assert.Empty(failures);
        Assert.Equal(Iterations, closed);
    }
}
