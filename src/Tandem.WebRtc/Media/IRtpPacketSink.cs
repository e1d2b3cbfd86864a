using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

/// <summary>Takes the packets an <see cref="RtpStreamReceiver"/> releases in sequence order (the depacketizer side).</summary>
internal interface IRtpPacketSink
{
    /// <summary>One packet, in order; called under the receiver's lock.</summary>
    void OnRtpPacket(in RtpPacket packet);

    /// <summary>The receiver was disposed: no packet follows; free pooled buffers.</summary>
    void OnClosed();
}
