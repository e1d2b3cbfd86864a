using System.Net;
using Tandem.Load.Options;

namespace Tandem.Load.Tests.Options;

public class SourceAddressRangeTests
{
    [Fact]
    public void TryParse_Range_ListsEveryAddress()
    {
        Assert.True(SourceAddressRange.TryParse("127.0.0.1-127.0.0.8", out var addresses, out _));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => IPAddress.Parse($"127.0.0.{i}")), addresses);
    }

    [Fact]
    public void TryParse_RangeAcrossOctet_Carries()
    {
        Assert.True(SourceAddressRange.TryParse("127.0.0.255-127.0.1.1", out var addresses, out _));
        Assert.Equal([IPAddress.Parse("127.0.0.255"), IPAddress.Parse("127.0.1.0"), IPAddress.Parse("127.0.1.1")], addresses);
    }

    [Fact]
    public void TryParse_CommaList_KeepsOrder()
    {
        Assert.True(SourceAddressRange.TryParse("127.0.0.5, 127.0.0.2-127.0.0.3", out var addresses, out _));
        Assert.Equal(["127.0.0.5", "127.0.0.2", "127.0.0.3"], addresses.Select(a => a.ToString()));
    }

    [Theory]
    [InlineData("127.0.0.1-127.1.0.1")]
    [InlineData("::1")]
    [InlineData("127.0.0.1-")]
    public void TryParse_Invalid_Fails(string text)
    {
        Assert.False(SourceAddressRange.TryParse(text, out _, out var error));
        Assert.StartsWith("--source-ips: ", error, StringComparison.Ordinal);
    }
}
