using System.Globalization;
using System.Text;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceCandidate
{
    /// <summary>
    /// Parses a candidate line (RFC 8839 §5.1). Accepts <c>a=candidate:...</c>, <c>candidate:...</c>
    /// or the bare value; unknown extensions are kept; returns false (never throws) on malformed
    /// input or a transport other than UDP/TCP.
    /// </summary>
    public static bool TryParse(string? text, out IceCandidate? candidate)
    {
        candidate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (value.StartsWith("a=", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["candidate:".Length..];
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8 || !string.Equals(parts[6], "typ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (parts[0].Length > 32
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256
            || !TryParseProtocol(parts[2], out var protocol)
            || !uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            || !TryParsePort(parts[5], out var port)
            || !TryParseType(parts[7], out var type))
        {
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i + 1 < parts.Length; i += 2)
        {
            var (name, extensionValue) = (parts[i], parts[i + 1]);
            if (name == "raddr")
            {
                relatedAddress = extensionValue;
            }
            else if (name == "rport")
            {
                if (!TryParsePort(extensionValue, out var rport))
                {
                    return false;
                }

                relatedPort = rport;
            }
            else
            {
                extensions.Add(new(name, extensionValue));
            }
        }

        if ((parts.Length - 8) % 2 != 0)
        {
            return false;
        }

        candidate = new IceCandidate(parts[0], component, protocol, priority, parts[4], port, type, relatedAddress, relatedPort, extensions);
        return true;
    }

    /// <summary>
    /// Formats the attribute value, <c>candidate:...</c> without the <c>a=</c> prefix: what both
    /// SDP and the trickle (<c>RTCIceCandidate.candidate</c>) carry.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder("candidate:");
        builder.Append(CultureInfo.InvariantCulture, $"{Foundation} {Component} {(Protocol == IceProtocol.Udp ? "udp" : "tcp")} {Priority} {Address} {Port} typ {TypeName(Type)}");
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            builder.Append(CultureInfo.InvariantCulture, $" rport {rport}");
        }

        foreach (var (name, value) in Extensions)
        {
            builder.Append(' ').Append(name).Append(' ').Append(value);
        }

        return builder.ToString();
    }

    /// <summary>The SDP token for a candidate type (RFC 8839 §5.1).</summary>
    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    private static bool TryParseType(string token, out IceCandidateType type)
    {
        type = token.ToLowerInvariant() switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            _ => (IceCandidateType)(-1),
        };
        return (int)type >= 0;
    }

    private static bool TryParseProtocol(string token, out IceProtocol protocol)
    {
        protocol = IceProtocol.Udp;
        if (string.Equals(token, "udp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        protocol = IceProtocol.Tcp;
        return string.Equals(token, "tcp", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryParsePort(string token, out int port) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
