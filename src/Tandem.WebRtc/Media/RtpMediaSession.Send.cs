using System.Buffers;
using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    // Datagram buffers come from a pool of our own: the shared pool drops its arrays on a gen2 collection under
    // memory pressure, which put allocations back on the media path until it was warm again.
    private static readonly ArrayPool<byte> Datagrams = ArrayPool<byte>.Create(MaxDatagramSize, maxArraysPerBucket: 256);

    private VideoFrameSendTracker? _frameTracker;

    /// <summary>Rents a buffer for one outgoing datagram; return it with <see cref="ReturnBuffer"/> or pass it to a send method.</summary>
    internal static byte[] RentBuffer() => Datagrams.Rent(MaxDatagramSize);

    internal static void ReturnBuffer(byte[] buffer) => Datagrams.Return(buffer);

    /// <summary>Protects the RTP packet <c>buffer[..length]</c> in place and sends it; the caller keeps the buffer.</summary>
    internal ValueTask SendRtpAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        if (!TryProtect(buffer, length, isRtcp: false, out var protectedLength))
        {
            return ValueTask.CompletedTask;
        }

        var send = _transport.SendAsync(buffer.AsMemory(0, protectedLength), cancellationToken);
        NoteSent(buffer, protectedLength);
        return send;
    }

    /// <summary>Protects and sends an RTP packet from a rented buffer, returning the buffer once sent. Used off the encoder thread.</summary>
    internal void SendRtpAndReturn(byte[] buffer, int length) => SendAndReturn(buffer, length, isRtcp: false);

    /// <summary>Protects (SRTCP) and sends an RTCP compound packet from a rented buffer, returning the buffer once sent.</summary>
    internal void SendRtcpAndReturn(byte[] buffer, int length) => SendAndReturn(buffer, length, isRtcp: true);

    /// <summary>Room an RTCP compound may use in a rented buffer, leaving space for the SRTCP trailer.</summary>
    internal int RtcpCapacity => MaxDatagramSize - _srtp.Local.RtcpOverhead;

    /// <summary>Room an RTP packet may use in a rented buffer, leaving space for the SRTP tag.</summary>
    internal int RtpCapacity => MaxDatagramSize - _srtp.Local.RtpOverhead;

    /// <summary>The pacer's send: an RTP packet from a rented buffer, sent in probe cluster <paramref name="probeClusterId"/> (-1: none).</summary>
    private void SendPacedRtp(byte[] buffer, int length, int probeClusterId) => SendAndReturn(buffer, length, isRtcp: false, probeClusterId);

    private void SendAndReturn(byte[] buffer, int length, bool isRtcp, int probeClusterId = RtpPacer.NoCluster)
    {
        if (!TryProtect(buffer, length, isRtcp, out var protectedLength, probeClusterId))
        {
            ReturnBuffer(buffer);
            return;
        }

        ValueTask send;
        try
        {
            send = _transport.SendAsync(buffer.AsMemory(0, protectedLength));
        }
        catch (ObjectDisposedException)
        {
            // The transport closed under us: like a lost UDP datagram.
            ReturnBuffer(buffer);
            return;
        }

        if (!isRtcp)
        {
            NoteSent(buffer, protectedLength);
        }

        if (send.IsCompletedSuccessfully)
        {
            ReturnBuffer(buffer);
            return;
        }

        _ = ReturnWhenSentAsync(send, buffer);
    }

    /// <summary>
    /// Raised when the last packet of a frame of the video stream given to <see cref="TrackVideoFrames"/>
    /// left, on the thread that sent it (the pacer's, under its lock): keep the handler short.
    /// </summary>
    internal event Action<VideoFrameSendTiming>? VideoFrameSent;

    /// <summary>Reports <see cref="VideoFrameSent"/> for the stream <paramref name="ssrc"/> from now on.</summary>
    internal void TrackVideoFrames(uint ssrc) => Volatile.Write(ref _frameTracker, new VideoFrameSendTracker(ssrc));

    // The packet's header is still in the clear after SRTP protection (RFC 3711 §3.1: only the payload is encrypted).
    private void NoteSent(byte[] buffer, int length)
    {
        if (Volatile.Read(ref _frameTracker) is { } tracker
            && tracker.OnSent(buffer.AsSpan(0, Math.Min(length, 12)), length, TimeProvider.GetTimestamp(), out var timing))
        {
            VideoFrameSent?.Invoke(timing);
        }
    }

    private static async Task ReturnWhenSentAsync(ValueTask send, byte[] buffer)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or IOException)
        {
            // Best effort, as on UDP: a failed feedback or resend is a lost datagram.
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    private bool TryProtect(byte[] buffer, int length, bool isRtcp, out int protectedLength, int probeClusterId = RtpPacer.NoCluster)
    {
        protectedLength = 0;
        lock (_protectLock)
        {
            if (_disposed)
            {
                return false;
            }

            if (!isRtcp)
            {
                StampTransportSequence(buffer.AsSpan(0, length), probeClusterId);
            }

            var status = isRtcp
                ? _srtp.ProtectRtcp(buffer.AsSpan(0, MaxDatagramSize), length, out protectedLength)
                : _srtp.ProtectRtp(buffer.AsSpan(0, MaxDatagramSize), length, out protectedLength);
            return status == OperationStatus.Done;
        }
    }
}
