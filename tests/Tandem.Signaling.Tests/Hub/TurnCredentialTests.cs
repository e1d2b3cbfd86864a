using System.Security.Cryptography;
using System.Text;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;
using Tandem.Signaling.Turn;

namespace Tandem.Signaling.Tests.Hub;

public class TurnCredentialTests
{
    private static readonly string[] Urls = ["turn:203.0.113.1:3478?transport=udp", "turns:203.0.113.1:5349"];

    [Fact]
    public void Issue_KnownSecretAndTime_MatchesCoturnRestScheme()
    {
        // Reference computed outside .NET (Python hmac/base64): base64(HMAC-SHA1("north-sea", "1767229200:glasses_a1")).
        var issuer = new TurnCredentialIssuer(Urls, "north-sea", TimeSpan.FromHours(1));

        var grant = issuer.Issue("glasses_a1", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("1767229200:glasses_a1", grant.Username);
        Assert.Equal("w0FCfLHkk2mQWrkdmORqiCpvvWs=", grant.Credential);
        Assert.Equal(Urls, grant.Urls);
    }

    [Fact]
    public void Pairing_WithIssuer_EachRoleCarriesItsRecipientsCredentials()
    {
        using var fx = new HubFixture(new SignalingOptions { Turn = new TurnCredentialIssuer(Urls, "north-sea", TimeSpan.FromSeconds(600)) });
        var glasses = fx.Joined("glasses_123456");
        var app = fx.Joined("app_123456");
        var expiry = (fx.Time.GetUtcNow() + TimeSpan.FromSeconds(600)).ToUnixTimeSeconds();

        foreach (var (connection, id) in new[] { (glasses, "glasses_123456"), (app, "app_123456") })
        {
            var server = Assert.Single(connection.Received[^1].GetProperty("data").GetProperty("ice_servers").EnumerateArray());
            Assert.Equal(Urls, server.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
            var username = server.GetProperty("username").GetString()!;
            Assert.Equal($"{expiry}:{id}", username);
            var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes("north-sea"), Encoding.UTF8.GetBytes(username)));
            Assert.Equal(expected, server.GetProperty("credential").GetString());
        }
    }

    [Fact]
    public void Pairing_AuthorizerGrantsIceServers_TheyLeadEachRolesIceServersBeforeTheIssuedOnes()
    {
        var granted = new IceServerGrant(["stun:stun.example.org:3478"], null, null);
        var relay = new IceServerGrant(["turns:relay.example.org:443"], "registry-user", "registry-pass");
        using var fx = new HubFixture(
            new SignalingOptions { Turn = new TurnCredentialIssuer(Urls, "north-sea", TimeSpan.FromSeconds(600)) },
            authorizer: _ => new Granting([granted, relay]));
        var glasses = fx.Joined("glasses_123456");
        fx.Joined("app_123456");

        var servers = glasses.Received[^1].GetProperty("data").GetProperty("ice_servers").EnumerateArray().ToArray();
        Assert.Equal(3, servers.Length);
        Assert.Equal("stun:stun.example.org:3478", Assert.Single(servers[0].GetProperty("urls").EnumerateArray()).GetString());
        Assert.False(servers[0].TryGetProperty("username", out _));
        Assert.False(servers[0].TryGetProperty("credential", out _));
        Assert.Equal("registry-user", servers[1].GetProperty("username").GetString());
        Assert.Equal("registry-pass", servers[1].GetProperty("credential").GetString());
        Assert.EndsWith(":glasses_123456", servers[2].GetProperty("username").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pairing_AuthorizerGrantsIceServersWithoutIssuer_RoleCarriesOnlyThose()
    {
        var relay = new IceServerGrant(["turn:relay.example.org:3478"], "u", "p");
        using var fx = new HubFixture(authorizer: _ => new Granting([relay]));
        var glasses = fx.Joined("glasses_123456");
        var app = fx.Joined("app_123456");

        foreach (var connection in new[] { glasses, app })
        {
            var server = Assert.Single(connection.Received[^1].GetProperty("data").GetProperty("ice_servers").EnumerateArray());
            Assert.Equal("u", server.GetProperty("username").GetString());
        }
    }

    [Fact]
    public void Pairing_WithoutIssuer_RoleHasNoIceServers()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_123456");
        fx.Joined("app_123456");

        Assert.False(glasses.Received[^1].GetProperty("data").TryGetProperty("ice_servers", out _));
    }

    [Fact]
    public void Constructor_NoUrlsOrShortLifetime_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TurnCredentialIssuer([], "s", TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentException>(() => new TurnCredentialIssuer(Urls, "", TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TurnCredentialIssuer(Urls, "s", TimeSpan.FromSeconds(59)));
    }

    private sealed class Granting(IReadOnlyList<IceServerGrant> servers) : IJoinAuthorizer
    {
        public ValueTask<JoinVerdict> AuthorizeAsync(JoinRequest request, CancellationToken cancellationToken) => new(JoinVerdict.AllowWith(servers));
    }
}
