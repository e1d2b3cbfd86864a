using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Ice;

public sealed partial class IceAgent
{
    private DatagramHandler? _received;

    /// <summary>Sends one datagram on the selected pair, lock-free; dropped when none is usable.</summary>
    private void SendData(ReadOnlySpan<byte> datagram)
    {
        var pair = _sendPair;
        if (pair is null)
        {
            Interlocked.Increment(ref _packetsDropped);
            return;
        }

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
