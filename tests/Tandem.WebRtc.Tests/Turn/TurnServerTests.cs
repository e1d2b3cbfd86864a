using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Tests.Turn;

public class TurnServerTests
{
    [Theory]
    [InlineData("turn:198.51.100.7", "198.51.100.7", 3478, nameof(TurnTransport.Udp))]
    [InlineData("turn:198.51.100.7:3479?transport=udp", "198.51.100.7", 3479, nameof(TurnTransport.Udp))]
    [InlineData("turn:turn.example.org?transport=tcp", "turn.example.org", 3478, nameof(TurnTransport.Tcp))]
    [InlineData("turns:turn.example.org:443?transport=tcp", "turn.example.org", 443, nameof(TurnTransport.Tls))]
    [InlineData("TURNS:turn.example.org", "turn.example.org", 5349, nameof(TurnTransport.Tls))]
    [InlineData("turn:[2001:db8::1]:3478", "2001:db8::1", 3478, nameof(TurnTransport.Udp))]
    [InlineData("turn:[2001:db8::1]", "2001:db8::1", 3478, nameof(TurnTransport.Udp))]
    public void TryParse_Rfc7065Uris(string url, string host, int port, string transportName)
    {
        var transport = Enum.Parse<TurnTransport>(transportName);
        Assert.True(TurnServer.TryParse(url, "user", "pass", out var server, out var error), error);

        Assert.Equal(host, server!.Host);
        Assert.Equal(port, server.Port);
        Assert.Equal(transport, server.Transport);
        Assert.Equal(url, server.Url);
    }

    [Theory]
    [InlineData("stun:198.51.100.7", "not a TURN URL")]
    [InlineData("turn:", "expected a host")]
    [InlineData("turn:host:0", "expected a host")]
    [InlineData("turn:host:70000", "expected a host")]
    [InlineData("turn:host:abc", "expected a host")]
    [InlineData("turn:2001:db8::1", "expected a host")]
    [InlineData("turn:[2001:db8::1", "expected a host")]
    [InlineData("turn:host?transport=sctp", "?transport=udp or ?transport=tcp")]
    [InlineData("turns:host?transport=udp", "?transport=udp or ?transport=tcp")]
    public void TryParse_BadUri_SaysWhy(string url, string reason)
    {
        Assert.False(TurnServer.TryParse(url, "user", "pass", out var server, out var error));

        Assert.Null(server);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "pass")]
    [InlineData("user", null)]
    [InlineData("", "pass")]
    public void TryParse_NoCredentials_SaysTheyAreNeeded(string? username, string? password)
    {
        Assert.False(TurnServer.TryParse("turn:host", username, password, out _, out var error));

        Assert.Contains("needs a username and a credential", error, StringComparison.Ordinal);
    }
}
