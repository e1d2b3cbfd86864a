using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Tandem.Server.Admin.Security;

namespace Tandem.Server.Tests.Admin;

public sealed class AdminGuardTests
{
    private const string Token = "t0ken-value";

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("127.8.9.10", "localhost")]
    [InlineData("::1", "[::1]")]
    [InlineData("::ffff:127.0.0.1", "LOCALHOST")]
    public void Check_NoTokenLoopback_IsLoopback(string address, string host)
    {
        var guard = new AdminGuard(new AdminOptions(), new AdminSessions(TimeProvider.System));

        Assert.Equal(AdminAccess.Loopback, guard.Check(Context(address, host)));
    }

    [Theory]
    [InlineData("10.1.2.3", "127.0.0.1")]
    [InlineData("::ffff:192.168.1.5", "localhost")]
    [InlineData("127.0.0.1", "tandem.example")]
    [InlineData("127.0.0.1", "10.0.0.1")]
    public void Check_NoTokenRemoteOrForeignHost_IsForbidden(string address, string host)
    {
        var guard = new AdminGuard(new AdminOptions { Token = "" }, new AdminSessions(TimeProvider.System));

        Assert.Equal(AdminAccess.Forbidden, guard.Check(Context(address, host)));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "198.51.100.9")]
    [InlineData("Forwarded", "for=198.51.100.9")]
    [InlineData("X-Real-IP", "198.51.100.9")]
    public void Check_NoTokenLoopbackThroughReverseProxy_IsForbidden(string header, string value)
    {
        var guard = new AdminGuard(new AdminOptions(), new AdminSessions(TimeProvider.System));
        var context = Context("127.0.0.1", "localhost");
        context.Request.Headers[header] = value;

        Assert.Equal(AdminAccess.Forbidden, guard.Check(context));
    }

    [Fact]
    public void Check_TokenSetNoCredentialsFromLoopback_IsUnauthenticated()
    {
        var guard = new AdminGuard(new AdminOptions { Token = Token }, new AdminSessions(TimeProvider.System));

        Assert.Equal(AdminAccess.Unauthenticated, guard.Check(Context("127.0.0.1", "localhost")));
    }

    [Theory]
    [InlineData("Bearer " + Token, "Bearer")]
    [InlineData("bearer " + Token, "Bearer")]
    [InlineData("Bearer " + Token + "x", "WrongCredential")]
    [InlineData("Basic " + Token, "Unauthenticated")]
    [InlineData("Bearer ", "Unauthenticated")]
    public void Check_TokenSetAuthorizationHeader_MatchesExactly(string authorization, string expected)
    {
        var guard = new AdminGuard(new AdminOptions { Token = Token }, new AdminSessions(TimeProvider.System));
        var context = Context("198.51.100.4", "tandem.example");
        context.Request.Headers.Authorization = authorization;

        Assert.Equal(Enum.Parse<AdminAccess>(expected), guard.Check(context));
    }

    [Fact]
    public void Check_TokenSetLoginCookie_IsCookie_RandomPerSession_RevokedAtLogout()
    {
        var sessions = new AdminSessions(TimeProvider.System);
        var guard = new AdminGuard(new AdminOptions { Token = Token }, sessions);
        var first = sessions.Start();
        var second = sessions.Start();
        Assert.NotEqual(first, second);
        Assert.DoesNotContain(Token, first, StringComparison.Ordinal);
        Assert.Equal(64, first.Length);

        var context = Context("198.51.100.4", "tandem.example");
        context.Request.Headers.Cookie = AdminGuard.CookieName + "=" + first;
        Assert.Equal(AdminAccess.Cookie, guard.Check(context));

        guard.EndSession(context);
        var later = Context("198.51.100.4", "tandem.example");
        later.Request.Headers.Cookie = AdminGuard.CookieName + "=" + first;
        Assert.Equal(AdminAccess.Unauthenticated, guard.Check(later));
        Assert.True(sessions.IsValid(second));
    }

    [Fact]
    public void Session_ExpiresAfterItsLifetime()
    {
        var time = new FakeTimeProvider();
        var sessions = new AdminSessions(time);
        var session = sessions.Start();
        time.Advance(AdminSessions.Lifetime - TimeSpan.FromTicks(1));
        Assert.True(sessions.IsValid(session));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.False(sessions.IsValid(session));
    }

    [Fact]
    public void Check_TokenSetCookieHoldingTheRawToken_IsUnauthenticated()
    {
        var guard = new AdminGuard(new AdminOptions { Token = Token }, new AdminSessions(TimeProvider.System));
        var context = Context("127.0.0.1", "localhost");
        context.Request.Headers.Cookie = AdminGuard.CookieName + "=" + Token;

        Assert.Equal(AdminAccess.Unauthenticated, guard.Check(context));
    }

    [Theory]
    [InlineData("Cookie", null, false)]
    [InlineData("Cookie", "1", true)]
    [InlineData("Loopback", null, false)]
    [InlineData("Loopback", "yes", false)]
    [InlineData("Loopback", "1", true)]
    [InlineData("Bearer", null, true)]
    public void PassesCsrfCheck_ByAccessAndHeader(string access, string? header, bool expected)
    {
        var context = Context("127.0.0.1", "localhost");
        if (header is not null)
        {
            context.Request.Headers[AdminGuard.CsrfHeader] = header;
        }

        Assert.Equal(expected, AdminGuard.PassesCsrfCheck(context, Enum.Parse<AdminAccess>(access)));
    }

    private static DefaultHttpContext Context(string address, string host)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.Host = new HostString(host);
        return context;
    }
}
