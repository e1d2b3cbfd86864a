using System.Net;

namespace Tandem.Server.WebSockets;

/// <summary>The address the per-address cap (PROTOCOL.md R40) counts a connection under.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The socket's remote address; for a connection from loopback — the reverse proxy docs/DEPLOY.md
    /// puts in front — the last <c>X-Forwarded-For</c> entry, which that proxy appended. Only loopback
    /// is trusted with the header: a remote client could write anything there.
    /// </summary>
    public static string? Key(HttpContext context)
    {
        var address = Normalize(context.Connection.RemoteIpAddress);
        if (address is not null && IPAddress.IsLoopback(address)
            && context.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded
            && IPAddress.TryParse(forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim(), out var client))
        {
            return Normalize(client)!.ToString();
        }

        return address?.ToString();
    }

    private static IPAddress? Normalize(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
