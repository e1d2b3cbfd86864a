using System.Net;

namespace Tandem.WebRtc.Turn;

/// <summary>A permission for one peer IP address (RFC 8656 §9): the relay accepts that address's datagrams while it lasts.</summary>
internal sealed class TurnPermission(IPAddress address)
{
    public IPAddress Address { get; } = address;

    /// <summary>Installed by a CreatePermission or ChannelBind success; read lock-free by the send path.</summary>
    public volatile bool Installed;

    /// <summary>A CreatePermission is outstanding.</summary>
    public bool Requested { get; set; }

    /// <summary>The server refused it (e.g. 403 for a forbidden address): data to it is dropped.</summary>
    public bool Refused { get; set; }

    public TimeSpan RefreshAt { get; set; } = TimeSpan.MaxValue;
}
