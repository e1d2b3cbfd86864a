using System.Net;
using System.Net.Sockets;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    private static readonly IPEndPoint V4Template = new(IPAddress.Any, 0);
    private static readonly IPEndPoint V6Template = new(IPAddress.IPv6Any, 0);

    /// <summary>
    /// Entry point of every socket's receive loop. RFC 7983 §7 demultiplexing by the first byte:
    /// 0–3 STUN, 20–63 DTLS, 128–191 RTP/RTCP; anything else is dropped.
    /// </summary>
    private void OnDatagram(IIceSocket socket, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        var first = datagram[0];
        if (first <= 3)
        {
            OnStun(socket, datagram, remote);
        }
        else if (first is (>= 20 and <= 63) or (>= 128 and <= 191) && IsCheckedSource(socket, remote))
        {
            Interlocked.Increment(ref _packetsReceived);
            Interlocked.Add(ref _bytesReceived, datagram.Length);
            _received?.Invoke(datagram);
        }
        else
        {
            Interlocked.Increment(ref _packetsDropped);
        }
    }

    /// <summary>
    /// RFC 7675 §5.3 spirit: only deliver data from addresses a check succeeded with. Lock-free:
    /// reads the volatile snapshots, compares socket addresses without allocating.
    /// </summary>
    private bool IsCheckedSource(IIceSocket socket, SocketAddress remote)
    {
        var send = _sendPair;
        if (send is not null && send.LocalEndpoint.Socket == socket && send.RemoteAddress.Equals(remote))
        {
            // Liveness (CheckConsent): media from the peer proves the path as well as a consent answer.
            Volatile.Write(ref send.HeardTimestamp, _time.GetTimestamp());
            return true;
        }

        foreach (var pair in _dataPairs)
        {
            if (pair.LocalEndpoint.Socket == socket && pair.RemoteAddress.Equals(remote))
            {
                return true;
            }
        }

        return false;
    }

    private void OnStun(IIceSocket socket, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (!StunMessage.TryParse(datagram, out var message) || message.Method != StunMethod.Binding)
        {
            return;
        }

        // FINGERPRINT is mandatory in ICE checks (RFC 8445 §7.2.2); a wrong one means "not for us".
        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            return;
        }

        var from = (IPEndPoint)(remote.Family == AddressFamily.InterNetworkV6 ? V6Template : V4Template).Create(remote);
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            switch (message.Class)
            {
                case StunClass.Request:
                    OnRequest(socket, message, from);
                    break;
                case StunClass.SuccessResponse:
                case StunClass.ErrorResponse:
                    OnResponse(socket, message, from);
                    break;
                default:
                    break;
            }

            UpdateState();
        }

        FlushEvents();
    }
}
