using System.Net;

namespace Tandem.WebRtc.IntegrationTests.Browser;

public sealed class TestNetworkTests
{
    [Theory]
    [InlineData("10.77.0.1", true)]
    [InlineData("10.77.0.2", true)]
    [InlineData("10.77.1.1", false)]
    [InlineData("10.78.0.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("192.0.2.2", false)]
    [InlineData("::ffff:10.77.0.1", false)]
    public void IsTestHost_Address_OnlyTheNamespaceSubnet(string address, bool expected) =>
        Assert.Equal(expected, TestNetwork.IsTestHost(IPAddress.Parse(address)));
}
