using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>Interface enumeration only: no socket is opened.</summary>
public class UdpIceSocketFactoryTests
{
    [Fact]
    public void GetLocalAddresses_LoopbackExcluded_HasNoLoopbackOrLinkLocal()
    {
        var addresses = UdpIceSocketFactory.Instance.GetLocalAddresses(includeLoopback: false, includeIPv6: true);

        Assert.DoesNotContain(addresses, IPAddress.IsLoopback);
        Assert.DoesNotContain(addresses, a => a.IsIPv6LinkLocal);
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
    }

    [Fact]
    public void GetLocalAddresses_LoopbackIncludedWithoutIPv6_HasIPv4LoopbackOnlyV4()
    {
        var addresses = UdpIceSocketFactory.Instance.GetLocalAddresses(includeLoopback: true, includeIPv6: false);

        Assert.Contains(IPAddress.Loopback, addresses);
        Assert.All(addresses, a => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, a.AddressFamily));
    }
}
