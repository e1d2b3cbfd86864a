using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Sctp;

namespace Tandem.DataChannelThroughput;

/// <summary>What one of our peer connections counted during a transfer: SCTP packets and retransmissions, DTLS queue drops.</summary>
internal sealed record OurEndStats(long PacketsSent, long PacketsReceived, long RetransmittedChunks, long FastRetransmits, long RetransmissionTimeouts, long DtlsQueueDrops)
{
    public static OurEndStats? Of(PeerConnection peer)
    {
        if (peer.SctpAssociation?.GetStatistics() is not SctpAssociationStatistics sctp)
        {
            return null;
        }

        return new OurEndStats(
            sctp.PacketsSent, sctp.PacketsReceived, sctp.DataChunksRetransmitted, sctp.FastRetransmits,
            sctp.RetransmissionTimeouts, peer.DtlsTransport?.DroppedDatagrams ?? 0);
    }
}
