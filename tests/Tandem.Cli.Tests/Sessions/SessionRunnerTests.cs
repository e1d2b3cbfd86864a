using System.Net;
using Tandem.Cli.Options;
using Tandem.Cli.Sessions;

namespace Tandem.Cli.Tests.Sessions;

public class SessionRunnerTests
{
    private static SessionCommonOptions Options(string server, IReadOnlyList<IPAddress>? ice = null) =>
        new(new Uri(server), "app_1", true, true, true, null, 60, ice, false, [], false);

    [Theory]
    [InlineData("ws://127.0.0.1:8000/")]
    [InlineData("ws://localhost:8000/")]
    [InlineData("ws://[::1]:8000/")]
    public void ConnectionFailedLine_ServerOnThisMachine_SuggestsLoopback(string server)
    {
        Assert.Equal(
            "tandem: paired, but the connection did not come up within 60 s: ICE/DTLS (or SCTP, with a data channel) did not complete (no candidate pair worked?); " +
            "if both sides run on this machine, start both with --ice-address 127.0.0.1",
            SessionRunner.ConnectionFailedLine(60, null, Options(server)));
    }

    [Fact]
    public void ConnectionFailedLine_ServerElsewhere_NoHint()
    {
        Assert.Equal("tandem: paired, but the connection did not come up within 4.5 s: ICE failed",
            SessionRunner.ConnectionFailedLine(4.5, "ICE failed", Options("ws://10.0.0.5:8000/")));
    }

    [Fact]
    public void ConnectionFailedLine_IceAlreadyPinned_NoHint()
    {
        Assert.Equal("tandem: paired, but the connection did not come up within 4 s: ICE/DTLS (or SCTP, with a data channel) did not complete (no candidate pair worked?)",
            SessionRunner.ConnectionFailedLine(4, null, Options("ws://127.0.0.1:8000/", [IPAddress.IPv6Loopback])));
    }
}
