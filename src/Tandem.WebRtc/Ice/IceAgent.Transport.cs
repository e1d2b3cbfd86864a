using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    /// <summary>Most datagrams held while no pair is usable yet (a DTLS flight or two).</summary>
    private const int MaxHeldSends = 32;

    // What the layers above sent before the first pair was usable (under _gate), sent on it in order.
    private readonly Queue<byte[]> _heldSends = new();
    private DatagramHandler? _received;

    /// <summary>Sends one datagram on the selected pair, lock-free once a pair is usable.</summary>
    private void SendData(ReadOnlySpan<byte> datagram)
    {
        if ((_sendPair ?? HoldUntilUsable(datagram)) is { } pair)
        {
            SendOn(pair, datagram);
        }
    }

    /// <summary>
    /// While the agent is still checking, a datagram waits for the first usable pair instead of being lost:
    /// a DTLS server answers a ClientHello that came as soon as the peer's check succeeded, before ours did,
    /// and its answer goes out the moment our check succeeds, not after the peer's ~1 s retransmit. Later
    /// (consent lost, failed, closed) there is no pair to wait for, and the datagram is dropped.
    /// Returns the pair when one became usable meanwhile.
    /// </summary>
    private IceCandidatePair? HoldUntilUsable(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_sendPair is { } pair)
            {
                return pair;
            }

            if (_state is IceConnectionState.New or IceConnectionState.Checking && !_closed && _heldSends.Count < MaxHeldSends)
            {
                _heldSends.Enqueue(datagram.ToArray());
            }
            else
            {
                Interlocked.Increment(ref _packetsDropped);
            }

            return null;
        }
    }

    /// <summary>Sends what was held on the first usable pair (under the lock, right after it was published).</summary>
    private void SendHeld()
    {
        if (_sendPair is not { } pair)
        {
            return;
        }

        while (_heldSends.TryDequeue(out var datagram))
        {
            SendOn(pair, datagram);
        }
    }

    private void SendOn(IceCandidatePair pair, ReadOnlySpan<byte> datagram)
    {
        SendRaw(pair.LocalEndpoint.Socket, datagram, pair.RemoteAddress);
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, datagram.Length);
    }

    /// <summary>Every datagram the agent sends goes through here, past the test hook.</summary>
    private void SendRaw(IIceSocket socket, ReadOnlySpan<byte> datagram, System.Net.SocketAddress destination)
    {
        if (_options.OutgoingFilter?.Invoke(datagram) != true)
        {
            socket.Send(datagram, destination);
        }
    }

    /// <summary>The <see cref="IDatagramTransport"/> face of the agent (composition, not inheritance).</summary>
    private sealed class IceDatagramTransport(IceAgent agent) : IDatagramTransport
    {
        public event DatagramHandler? Received
        {
            add => agent._received += value;
            remove => agent._received -= value;
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            agent.SendData(datagram.Span);
            return ValueTask.CompletedTask;
        }
    }
}
