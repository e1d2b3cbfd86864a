using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.DataChannels;

/// <summary>
/// The association closing while a DCEP message is still queued for dispatch (our Close aborting it, or the
/// peer's ABORT): the manager's reply would be sent on a closed association, and it must not throw into
/// whichever thread dispatches (PeerConnection.Close, the DTLS receive thread).
/// </summary>
public sealed class DataChannelCloseRaceTests
{
    [Fact]
    public async Task DcepOpen_AssociationAbortedBeforeItIsHandled_NothingThrowsAndClosedStillRaised()
    {
        var (pipeA, pipeB) = DatagramPipe.CreatePair();
        using var a = new SctpAssociation(pipeA);
        using var b = new SctpAssociation(pipeB);

        // Subscribed before the manager: it runs first, so the manager handles the OPEN on an aborted association,
        // as when Abort's own dispatch picks up an OPEN that the receive thread queued.
        b.MessageReceived += m =>
        {
            if (m.Ppid == DataChannelPpid.Dcep)
            {
                b.Abort("closing at the same moment");
            }
        };
        var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Closed += reason => closed.TrySetResult(reason);
        using var managerA = new DataChannelManager(a, isDtlsClient: true);
        using var managerB = new DataChannelManager(b, isDtlsClient: false);
        var received = 0;
        managerB.DataChannelReceived += _ => received++;
        a.Connect();
        b.Connect();

        managerA.CreateDataChannel("raced");
        var reason = await closed.Task.WaitAsync(DataChannelPair.Timeout);

        Assert.Equal("closing at the same moment", reason);
        Assert.Equal(0, received);
        Assert.Empty(managerB.Channels);
    }
}
