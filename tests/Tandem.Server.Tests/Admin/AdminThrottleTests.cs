using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Tandem.Server.Tests.Admin;

/// <summary>Wrong admin tokens are limited per address (429 + a log line); login cookies are per session and die at logout.</summary>
public sealed class AdminThrottleTests
{
    private const string Token = "s3cret-admin-token";

    [Fact]
    public async Task BearerGuesses_AtTheBound401_ThenEvery429EvenTheRightToken_UntilTheMinuteIsOver()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}", "--Admin:MaxFailedLoginsPerMinute=3"], time);
        using var http = NoRedirectClient(server);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Request("api/status", "203.0.113.7", bearer: "guess" + i))).StatusCode);
        }

        var blocked = await http.SendAsync(Request("api/status", "203.0.113.7", bearer: Token));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), blocked.Headers.RetryAfter?.Delta);
        Assert.Contains("try again in 60 s", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(server.Logs, l => l.Contains("admin: wrong admin token", StringComparison.Ordinal) && l.Contains("203.0.113.7", StringComparison.Ordinal));

        // Another address is not held up by this one's guesses.
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Request("api/status", "198.51.100.1", bearer: Token))).StatusCode);

        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(Request("api/status", "203.0.113.7", bearer: Token))).StatusCode);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Request("api/status", "203.0.113.7", bearer: Token))).StatusCode);
    }

    [Fact]
    public async Task BlockedAddress_LiveLoginSessionKeepsWorking_StaleCookiesAreNotCounted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}", "--Admin:MaxFailedLoginsPerMinute=2"], time);
        using var http = NoRedirectClient(server);
        var session = await LoginCookieAsync(http);

        // A browser with a stale cookie polling the API is sent to log in, never blocked for it.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(WithCookie("api/status", "tandem_admin=stale" + i))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Request("api/status", "203.0.113.8", bearer: "guess-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Request("api/status", "203.0.113.8", bearer: "guess-2"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(Request("api/status", "203.0.113.8", bearer: Token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(WithCookie("api/status", session))).StatusCode);
    }

    [Fact]
    public async Task LoginFormGuesses_Limited_429()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}", "--Admin:MaxFailedLoginsPerMinute=2"], time);
        using var http = NoRedirectClient(server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Login("guess-1", "203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Login("guess-2", "203.0.113.7"))).StatusCode);
        var blocked = await http.SendAsync(Login(Token, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.False(blocked.Headers.Contains("Set-Cookie"));
        Assert.Contains(server.Logs, l => l.Contains("/admin/login", StringComparison.Ordinal) && l.Contains("2 in the last minute", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoginCookie_RandomPerSession_LogoutRevokesIt()
    {
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}"]);
        using var http = NoRedirectClient(server);
        var first = await LoginCookieAsync(http);
        var second = await LoginCookieAsync(http);
        Assert.NotEqual(first, second);

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(WithCookie("api/status", first))).StatusCode);
        var logout = WithCookie("admin/logout", first, HttpMethod.Post);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SendAsync(logout)).StatusCode);

        // A copy of the cookie kept after logout no longer works; the other session does.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(WithCookie("api/status", first))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(WithCookie("api/status", second))).StatusCode);
    }

    [Fact]
    public async Task LoginCookie_DoesNotSurviveARestart()
    {
        string cookie;
        await using (var server = await AdminServer.StartAsync([$"--Admin:Token={Token}"]))
        {
            using var http = NoRedirectClient(server);
            cookie = await LoginCookieAsync(http);
        }

        await using var restarted = await AdminServer.StartAsync([$"--Admin:Token={Token}"]);
        using var client = NoRedirectClient(restarted);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(WithCookie("api/status", cookie))).StatusCode);
    }

    private static async Task<string> LoginCookieAsync(HttpClient http)
    {
        var login = await http.SendAsync(Login(Token, "203.0.113.8"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private static HttpRequestMessage Login(string token, string remote)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "admin/login") { Content = new FormUrlEncodedContent([new("token", token)]) };
        request.Headers.Add(AdminServer.RemoteAddressHeader, remote);
        return request;
    }

    private static HttpRequestMessage WithCookie(string path, string cookie, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add(AdminServer.RemoteAddressHeader, "203.0.113.8");
        return request;
    }

    private static HttpRequestMessage Request(string path, string remote, string bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(AdminServer.RemoteAddressHeader, remote);
        request.Headers.Authorization = new("Bearer", bearer);
        return request;
    }

    private static HttpClient NoRedirectClient(AdminServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUri };
}
