using System.Globalization;
using System.Net;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// One ICE candidate (RFC 8445 §5.1) as carried in SDP <c>a=candidate</c> (RFC 8839 §5.1):
/// <code>
/// candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
///     [raddr &lt;related address&gt;] [rport &lt;related port&gt;] *(&lt;extension name&gt; &lt;extension value&gt;)
/// </code>
/// The address may be an IPv4/IPv6 literal or a hostname (mDNS <c>.local</c>, RFC 8839 §5.1).
/// Immutable.
/// </summary>
internal sealed partial class IceCandidate : IEquatable<IceCandidate>
{
    /// <summary>Creates a candidate.</summary>
    public IceCandidate(
        string foundation,
        int component,
        IceProtocol protocol,
        uint priority,
        string address,
        int port,
        IceCandidateType type,
        string? relatedAddress = null,
        int? relatedPort = null,
        IReadOnlyList<KeyValuePair<string, string>>? extensions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(foundation);
        ArgumentException.ThrowIfNullOrEmpty(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        Foundation = foundation;
        Component = component;
        Protocol = protocol;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        RelatedAddress = relatedAddress;
        RelatedPort = relatedPort;
        Extensions = extensions ?? [];
        IPAddress = IPAddress.TryParse(address, out var ip) ? ip : null;
    }

    /// <summary>Foundation (RFC 8445 §5.1.1.3).</summary>
    public string Foundation { get; }

    /// <summary>Component ID: 1 for RTP (and everything, with rtcp-mux and BUNDLE).</summary>
    public int Component { get; }

    /// <summary>Transport protocol.</summary>
    public IceProtocol Protocol { get; }

    /// <summary>Priority (RFC 8445 §5.1.2).</summary>
    public uint Priority { get; }

    /// <summary>Connection address as written: IP literal or hostname.</summary>
    public string Address { get; }

    /// <summary>Port.</summary>
    public int Port { get; }

    /// <summary>Candidate type.</summary>
    public IceCandidateType Type { get; }

    /// <summary><c>raddr</c>, if present.</summary>
    public string? RelatedAddress { get; }

    /// <summary><c>rport</c>, if present.</summary>
    public int? RelatedPort { get; }

    /// <summary>Extension attributes in order (<c>tcptype</c>, <c>generation</c>, <c>ufrag</c>, <c>network-id</c>, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; }

    /// <summary>The address when it is an IP literal; null for hostnames.</summary>
    public IPAddress? IPAddress { get; }

    /// <summary>True for an mDNS hostname (RFC 8839 §5.1, draft-ietf-mmusic-mdns-ice-candidates): ends in <c>.local</c>.</summary>
    public bool IsMdns => IPAddress is null && Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>The transport address, when <see cref="Address"/> is an IP literal.</summary>
    public IPEndPoint? EndPoint => IPAddress is null ? null : new IPEndPoint(IPAddress, Port);

    /// <summary>RFC 6544 <c>tcptype</c> extension (active, passive, so), if present.</summary>
    public string? TcpType => GetExtension("tcptype");

    /// <summary>The <c>ufrag</c> extension (trickle), if present.</summary>
    public string? Ufrag => GetExtension("ufrag");

    /// <summary>The <c>generation</c> extension, if present and numeric.</summary>
    public int? Generation => int.TryParse(GetExtension("generation"), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null;

    /// <summary>Returns the value of the first extension called <paramref name="name"/>, or null.</summary>
    public string? GetExtension(string name)
    {
        foreach (var (key, value) in Extensions)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// Same candidate for signaling purposes: same transport address, protocol, type and component
    /// (RFC 8838 §11: a candidate trickled twice is a duplicate).
    /// </summary>
    public bool Equals(IceCandidate? other) =>
        other is not null
        && Component == other.Component
        && Protocol == other.Protocol
        && Port == other.Port
        && Type == other.Type
        && string.Equals(Address, other.Address, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as IceCandidate);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Component, Protocol, Port, Type, StringComparer.OrdinalIgnoreCase.GetHashCode(Address));
}
