using System.Net;

namespace Tandem.WebRtc.Turn;

/// <summary>
/// A peer transport address seen through the allocation: its permission (by IP), its channel
/// (RFC 8656 §12) and the socket address ICE knows it by (one instance, so the data path allocates nothing).
/// </summary>
internal sealed class TurnPeer(IPEndPoint endPoint, TurnPermission permission)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    public SocketAddress Address { get; } = endPoint.Serialize();

    public TurnPermission Permission { get; } = permission;

    /// <summary>The channel number, once one was asked for (0 before).</summary>
    public ushort Channel { get; set; }

    /// <summary>The binding succeeded: data goes as ChannelData; read lock-free by both data paths.</summary>
    public volatile bool ChannelBound;

    /// <summary>A ChannelBind is outstanding.</summary>
    public bool ChannelRequested { get; set; }

    public TimeSpan ChannelRefreshAt { get; set; } = TimeSpan.MaxValue;

    /// <summary>Datagrams sent before the permission was installed, sent once it is.</summary>
    public List<byte[]> Pending { get; } = [];
}
