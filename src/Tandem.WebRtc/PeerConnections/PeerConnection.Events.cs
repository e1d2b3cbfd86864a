using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Payloads.H264;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    /// <summary>Raises <see cref="VideoFrameReceived"/> on the receive thread, subscriber by subscriber (a fault is logged, not thrown).</summary>
    private void RaiseVideoFrame(H264Frame frame)
    {
        if (VideoFrameReceived is not { } handlers)
        {
            return;
        }

        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(frame);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                SubscriberDispatch.Fault(_options.Logger, e, "PeerConnection.VideoFrameReceived");
            }
        }
    }

    /// <summary>Raises <see cref="AudioPacketReceived"/> on the receive thread, subscriber by subscriber (a fault is logged, not thrown).</summary>
    private void RaiseAudioPacket(ReadOnlySpan<byte> packet, uint timestamp, ushort sequence)
    {
        if (AudioPacketReceived is not { } handlers)
        {
            return;
        }

        foreach (var handler in Delegate.EnumerateInvocationList(handlers))
        {
            try
            {
                handler(packet, timestamp, sequence);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                SubscriberDispatch.Fault(_options.Logger, e, "PeerConnection.AudioPacketReceived");
            }
        }
    }
}
