using System.Net;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// A relayed candidate's "socket": datagrams to a peer go through the TURN allocation (ChannelData or
/// Send indications), relayed datagrams come back from it with the peer's address. To the agent it is
/// one more local endpoint, so checks, consent and data work on it as on a host socket.
/// </summary>
internal sealed class IceRelaySocket(TurnAllocation allocation) : IIceSocket
{
    public TurnAllocation Allocation { get; } = allocation;

    /// <summary>The relayed transport address.</summary>
    public IPEndPoint LocalEndPoint { get; } = allocation.RelayedEndPoint!;

    public int ReceiveBufferSize => Allocation.Connection.ReceiveBufferSize;

    public int SendBufferSize => Allocation.Connection.SendBufferSize;

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote) => Allocation.SendTo(datagram, remote);

    public void Start(IceSocketReceiveHandler handler) => Allocation.DataHandler = (data, peer) => handler(this, data, peer);

    /// <summary>Deletes the allocation (Refresh with LIFETIME 0) in the background.</summary>
    public void Dispose() => _ = Allocation.Close();
}
