using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.Turn;

/// <summary>Turns a server's host into an address: an IP literal as is, a name through DNS (IPv4 first).</summary>
internal static class TurnAddressResolver
{
    public static async Task<IPAddress> ResolveAsync(TurnServer server, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(server.Host, out var literal))
        {
            return literal;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(server.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new TurnConnectException($"{server.Url}: the host name '{server.Host}' does not resolve ({e.SocketErrorCode}): check the URL", e);
        }

        return Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? (addresses.Length > 0 ? addresses[0] : throw new TurnConnectException($"{server.Url}: '{server.Host}' has no address: check the URL"));
    }
}
