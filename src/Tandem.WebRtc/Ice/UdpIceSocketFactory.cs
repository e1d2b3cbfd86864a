using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Tandem.WebRtc.Ice;

/// <summary>Real sockets on the machine's interfaces.</summary>
internal sealed class UdpIceSocketFactory : IIceSocketFactory
{
    public static UdpIceSocketFactory Instance { get; } = new();

    public IIceSocket Bind(IPAddress address, int? bufferSize) => new UdpIceSocket(address, bufferSize);

    public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback, bool includeIPv6)
    {
        var result = new List<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                var isV6 = address.AddressFamily == AddressFamily.InterNetworkV6;
                if ((!includeLoopback && IPAddress.IsLoopback(address))
                    || (isV6 && (!includeIPv6 || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv4MappedToIPv6))
                    || (!isV6 && address.AddressFamily != AddressFamily.InterNetwork)
                    || result.Contains(address))
                {
                    continue;
                }

                result.Add(address);
            }
        }

        return result;
    }
}
