using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Auth;

/// <summary>Join authentication with <c>Auth:Mode=token</c> (PROTOCOL.md "Join authentication", error 1008).</summary>
public class JoinAuthTests
{
    [Fact]
    public void Join_NoToken_1008SaysWhatToDo_NoStateChange()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456"));
        AssertRefused(fx, client, "needs a token");
        Assert.Contains("data.token", ErrorMessage(client), StringComparison.Ordinal);
    }

    [Fact]
    public void Join_ValidTokenInData_Joins()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("glasses_123456", Tokens.For("glasses_123456", fx.Time)));
        Assert.Empty(client.Errors);
        Assert.Equal(ConnectionState.Joined, client.Client.State);
        Assert.Equal("room_123456", Assert.Single(fx.Hub.GetStatus().Rooms).RoomId);
    }

    [Fact]
    public void Join_ValidTokenOnUrl_Joins_AndDataTokenWinsOverIt()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var viaUrl = fx.Connect(urlToken: Tokens.For("glasses_123456", fx.Time));
        fx.Send(viaUrl, Messages.Join("glasses_123456"));
        Assert.Empty(viaUrl.Errors);
        Assert.Equal(ConnectionState.Joined, viaUrl.Client.State);

        // A good URL token does not rescue a forged data.token: the join's own credential is the one checked.
        var both = fx.Connect(urlToken: Tokens.For("app_123456", fx.Time));
        fx.Send(both, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time, secret: OtherSecret)));
        Assert.Equal(1008, both.LastErrorCode());
    }

    [Fact]
    public void Join_ExpiredToken_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var token = Tokens.For("app_123456", fx.Time, ttl: TimeSpan.FromMinutes(5));
        fx.Time.Advance(TimeSpan.FromMinutes(10));
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", token));
        AssertRefused(fx, client, "expired");
    }

    [Fact]
    public void Join_ExpiryWithinClockSkew_AcceptedUpToTheBound()
    {
        // exp is 1 minute ago and the skew 60 s: still good at the bound, refused one tick past it.
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var token = Tokens.For("app_123456", fx.Time, ttl: TimeSpan.FromMinutes(5));
        fx.Time.Advance(TimeSpan.FromMinutes(6));
        var atBound = fx.Connect();
        fx.Send(atBound, Messages.Join("app_123456", token));
        Assert.Empty(atBound.Errors);

        fx.Time.Advance(TimeSpan.FromTicks(1));
        var past = fx.Connect();
        fx.Send(past, Messages.Join("glasses_123456", Tokens.For("glasses_123456", fx.Time)));
        var late = fx.Connect();
        fx.Send(late, Messages.Join("app_123456", token));
        Assert.Equal(1008, late.LastErrorCode());
    }

    [Fact]
    public void Join_TokenNotYetValid_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time, notBefore: fx.Time.GetUtcNow().AddMinutes(5))));
        AssertRefused(fx, client, "not valid before");
    }

    [Fact]
    public void Join_TokenWithoutExpiry_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", Tokens.WithoutExpiry("app_123456")));
        AssertRefused(fx, client, "no expiry");
    }

    [Fact]
    public void Join_TokenSignedWithAnotherSecret_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time, secret: OtherSecret)));
        AssertRefused(fx, client, "signature");
    }

    [Fact]
    public void Join_PayloadEditedAfterSigning_1008()
    {
        // A genuine token for app_1, its payload rewritten to app_123456 and the signature kept.
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var parts = Tokens.For("app_1", fx.Time).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"app_1\"", "\"app_123456\"", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", forged));
        AssertRefused(fx, client, "signature");
    }

    [Fact]
    public void Join_UnsignedAlgNoneToken_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var header = Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8);
        var exp = fx.Time.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"sub\":\"app_123456\",\"exp\":{exp}}}"));
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", $"{header}.{payload}."));
        AssertRefused(fx, client, "token");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    public void Join_GarbageToken_1008(string token)
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", token));
        AssertRefused(fx, client, "token");
    }

    [Fact]
    public void Join_TokenOfAnotherDevice_WrongRoom_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", Tokens.For("app_999", fx.Time)));
        AssertRefused(fx, client, "room_999");
    }

    [Fact]
    public void Join_AppTokenReplayedAsGlasses_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("glasses_123456", Tokens.For("app_123456", fx.Time)));
        AssertRefused(fx, client, "each need a token of their own");
    }

    [Fact]
    public void Join_TokenForOtherMacSpelling_Accepted_R6()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("glasses_aabbccddeeff", Tokens.For("glasses_AA:BB:CC:DD:EE:FF", fx.Time)));
        Assert.Empty(client.Errors);
        Assert.Equal(ConnectionState.Joined, client.Client.State);
    }

    [Fact]
    public void Join_WrongIssuer_1008()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac(issuer: "https://accounts.example"));
        var wrong = fx.Connect();
        fx.Send(wrong, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time, issuer: "https://other.example")));
        AssertRefused(fx, wrong, "issuer");
        var right = fx.Connect();
        fx.Send(right, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time, issuer: "https://accounts.example")));
        Assert.Empty(right.Errors);
    }

    [Fact]
    public void Join_Es256_AcceptedWithThePublicKey_Hs256Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicKey = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        using var fx = new HubFixture(authorizer: time => new TokenAuthorizer(new TokenOptions { PublicKey = publicKey }, time));
        var es = fx.Connect();
        fx.Send(es, Messages.Join("app_123456", Tokens.Es256("app_123456", fx.Time, key)));
        Assert.Empty(es.Errors);

        // RFC 8725 §2.1: an HMAC token must not pass on a server configured for ES256 keys.
        var hs = fx.Connect();
        fx.Send(hs, Messages.Join("glasses_123456", Tokens.For("glasses_123456", fx.Time)));
        Assert.Equal(1008, hs.LastErrorCode());
    }

    [Fact]
    public void Replace_ByStrangerWithoutValidToken_Refused_CallKeepsFlowing_R20()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var glasses = fx.Connect();
        fx.Send(glasses, Messages.Join("glasses_123456", Tokens.For("glasses_123456", fx.Time)));
        var app = fx.Connect();
        fx.Send(app, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time)));
        glasses.Clear();
        app.Clear();

        var stranger = fx.Connect("203.0.113.9:5000");
        fx.Send(stranger, Messages.Join("app_123456"));
        Assert.Equal(1008, stranger.LastErrorCode());
        fx.Send(stranger, Messages.Join("app_123456", Tokens.For("app_777", fx.Time)));
        Assert.Equal(1008, stranger.LastErrorCode());

        Assert.Null(app.CloseCode);
        Assert.Empty(app.Received);
        Assert.Empty(glasses.Received);
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        Assert.Equal("offer", app.Last.GetProperty("type").GetString());
        Assert.DoesNotContain(stranger.Received, m => m.GetProperty("type").GetString() != "error");
    }

    [Fact]
    public void Replace_WithTheIdsValidToken_TakesTheSlot_R20()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var glasses = fx.Connect();
        fx.Send(glasses, Messages.Join("glasses_123456", Tokens.For("glasses_123456", fx.Time)));
        var app = fx.Connect();
        fx.Send(app, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time)));
        var again = fx.Connect();
        fx.Send(again, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time)));
        Assert.Equal(CloseCodes.Replaced, app.CloseCode);
        Assert.Equal("role", again.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void Unauthorized_CountsTowardBadMessageLimit_R35()
    {
        using var fx = new HubFixture(HubFixture.Unlimited(new SignalingOptions { MaxBadMessagesPerMinute = 2 }), authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", "guess-1"));
        fx.Send(client, Messages.Join("app_123456", "guess-2"));
        Assert.Null(client.CloseCode);
        fx.Send(client, Messages.Join("app_123456", "guess-3"));
        Assert.Equal(CloseCodes.PolicyViolation, client.CloseCode);
    }

    [Fact]
    public void Join_AlreadyInRoom_StillR21NotAuth()
    {
        using var fx = new HubFixture(authorizer: Tokens.Hmac());
        var client = fx.Connect();
        fx.Send(client, Messages.Join("app_123456", Tokens.For("app_123456", fx.Time)));
        fx.Send(client, Messages.Join("app_123456"));
        Assert.Equal(1003, client.LastErrorCode());
    }

    [Fact]
    public void AuthOff_JoinWithoutToken_Joins()
    {
        using var fx = new HubFixture();
        var client = fx.Joined("app_123456");
        Assert.Empty(client.Errors);
        Assert.Equal(ConnectionState.Joined, client.Client.State);
    }

    [Fact]
    public void TokenAuthorizer_WithoutKey_OrShortSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TokenAuthorizer(new TokenOptions(), TimeProvider.System));
        Assert.Throws<ArgumentException>(() => new TokenAuthorizer(new TokenOptions { Secret = new byte[31] }, TimeProvider.System));
    }

    private static readonly byte[] OtherSecret = Encoding.UTF8.GetBytes("another secret, also 32 bytes or more long");

    private static string ErrorMessage(FakeConnection client) =>
        client.Last.GetProperty("data").GetProperty("error_message").GetString()!;

    /// <summary>1008 with <paramref name="reason"/> in its message, for the join, and nothing changed.</summary>
    private static void AssertRefused(HubFixture fx, FakeConnection client, string reason)
    {
        Assert.Equal(1008, client.LastErrorCode());
        Assert.Equal("join", client.Last.GetProperty("data").GetProperty("request_type").GetString());
        Assert.Contains(reason, ErrorMessage(client), StringComparison.Ordinal);
        Assert.Single(client.Received);
        Assert.Equal(ConnectionState.Connected, client.Client.State);
        Assert.Null(client.Client.Identity);
        Assert.Null(client.Client.Room);
        Assert.Null(client.CloseCode);
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        Assert.NotNull(client.Client.JoinDeadline);
    }
}
