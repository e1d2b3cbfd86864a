using System.Net;
using Tandem.Load.Options;

namespace Tandem.Load.Tests.Options;

public class RelayOptionsTests
{
    [Fact]
    public void TryParse_PortAndListen_ReadsBoth()
    {
        Assert.True(RelayOptions.TryParse(["--port", "9100", "--listen", "127.0.0.2"], out var options, out _));
        Assert.Equal(new RelayOptions(IPAddress.Parse("127.0.0.2"), 9100), options);
    }

    [Theory]
    [InlineData(new[] { "--port", "70000" }, "--port: '70000' is not a port number (0-65535)")]
    [InlineData(new[] { "--listen", "nowhere" }, "--listen: 'nowhere' is not an IP address")]
    [InlineData(new[] { "--port" }, "--port needs a value")]
    [InlineData(new[] { "--verbose" }, "unknown option '--verbose'")]
    public void TryParse_BadArguments_GivesClearMessage(string[] args, string expected)
    {
        Assert.False(RelayOptions.TryParse(args, out _, out var error));
        Assert.Equal(expected, error);
    }
}
