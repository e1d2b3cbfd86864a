using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// Resolves a peer's mDNS <c>.local</c> candidate hostname with one one-shot query to
/// 224.0.0.251:5353 (RFC 6762 §5.1), waiting for a unicast answer. Only used when
/// <see cref="IceSettings.ResolveMdnsCandidates"/> is on.
/// </summary>
internal static class IceMdnsResolver
{
    private static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);

    public static async Task<IPAddress?> ResolveAsync(string hostname, TimeSpan timeout)
    {
        var query = new byte[300];
        var length = IceMdnsMessage.WriteQuery(query, hostname, IceMdnsMessage.TypeA);
        if (length == 0)
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var timer = new CancellationTokenSource(timeout);
        var buffer = new byte[9000];
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            await socket.SendToAsync(query.AsMemory(0, length), SocketFlags.None, Group, timer.Token).ConfigureAwait(false);
            while (true)
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timer.Token).ConfigureAwait(false);
                if (IceMdnsMessage.TryReadAddress(buffer.AsSpan(0, result.ReceivedBytes), hostname, out var address))
                {
                    return address;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
