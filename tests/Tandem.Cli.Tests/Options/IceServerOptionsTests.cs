using Tandem.Cli.Options;
using Tandem.WebRtc.Ice;

namespace Tandem.Cli.Tests.Options;

public class IceServerOptionsTests
{
    private static readonly string[] Base = ["--server", "ws://127.0.0.1:8000/", "--id", "glasses_123456"];

    private static SessionCommonOptions Parse(params string[] args)
    {
        Assert.True(DeviceOptionsParser.TryParse([.. Base, .. args], out var options, out var error), error);
        return options!.Common;
    }

    private static string Error(params string[] args)
    {
        Assert.False(AppOptionsParser.TryParse(["--server", "ws://127.0.0.1:8000/", "--id", "app_123456", .. args], out _, out var error));
        return error;
    }

    [Fact]
    public void TryParse_NoIceOptions_NoServersAllPolicy()
    {
        var options = Parse();

        Assert.Empty(options.IceServers);
        Assert.Equal(IceTransportPolicy.All, options.IceTransportPolicy);
        Assert.Null(options.IceCertificateAuthorities);
    }

    [Fact]
    public void TryParse_TurnServersWithCredentialsAndRelay_AllCarried()
    {
        var options = Parse("--ice-server", "turn:203.0.113.1:3478", "--ice-server", "turns:203.0.113.1:5349",
            "--ice-username", "alice", "--ice-credential", "secret", "--ice-transport-policy", "relay");

        var server = Assert.Single(options.IceServers);
        Assert.Equal(["turn:203.0.113.1:3478", "turns:203.0.113.1:5349"], server.Urls);
        Assert.Equal("alice", server.Username);
        Assert.Equal("secret", server.Credential);
        Assert.Equal(IceTransportPolicy.Relay, options.IceTransportPolicy);
    }

    [Theory]
    [InlineData(new[] { "--ice-server", "turn:203.0.113.1" }, "--ice-server: ICE server 'turn:203.0.113.1': a TURN server needs a username and a credential: give --ice-username and --ice-credential")]
    [InlineData(new[] { "--ice-server", "http://x" }, "--ice-server: ICE server 'http://x' is not a TURN URL")]
    [InlineData(new[] { "--ice-server", "stun:stun.example.org" }, "--ice-server: ICE server 'stun:stun.example.org': a stun: URL needs an IP address")]
    [InlineData(new[] { "--ice-username", "a" }, "--ice-username/--ice-credential need a TURN --ice-server to apply to")]
    [InlineData(new[] { "--ice-transport-policy", "none" }, "--ice-transport-policy: 'none' is not all or relay")]
    [InlineData(new[] { "--ice-ca", "/nonexistent/ca.pem" }, "--ice-ca: cannot read CA certificates from '/nonexistent/ca.pem'")]
    public void TryParse_BadIceOption_ErrorNamesIt(string[] args, string message) =>
        Assert.StartsWith(message, Error(args), StringComparison.Ordinal);
}
