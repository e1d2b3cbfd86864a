using System.Net;

namespace Tandem.Server.Tests.Admin;

/// <summary>The token rules: loopback only without <c>Admin:Token</c>; with it, Bearer or login cookie for everyone.</summary>
public sealed class AdminAuthTests
{
    private const string Token = "s3cret-admin-token";
    private const string RemoteAddress = "203.0.113.7";
    private static readonly string[] AdminGets = ["admin", "api/status", "api/rooms", "api/connections", "api/history", "api/events"];

    [Fact]
    public async Task NoToken_RemoteClient_IsRefusedEverywhereWithoutLeakingIdentities()
    {
        await using var server = await AdminServer.StartAsync();
        await using var glasses = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_secret42");
        await AdminTestSteps.WaitUntilAsync(server.Hub, h => h.GetStatus().Rooms.Count == 1, "room created");
        using var http = NoRedirectClient(server);

        foreach (var path in AdminGets.Append("admin/login"))
        {
            var response = await http.SendAsync(Request(HttpMethod.Get, path, remote: true, bearer: Token));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("secret42", body, StringComparison.Ordinal);
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        }

        var close = await http.SendAsync(Request(HttpMethod.Post, "api/rooms/room_secret42/close", remote: true, csrf: true));
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Single(server.Hub.GetStatus().Rooms);

        // Health and metrics carry no identities and stay open.
        var metrics = await http.SendAsync(Request(HttpMethod.Get, "metrics", remote: true));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.DoesNotContain("secret42", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Request(HttpMethod.Get, "healthz", remote: true))).StatusCode);
    }

    [Fact]
    public async Task NoToken_LoopbackWithForeignHostName_IsRefused()
    {
        await using var server = await AdminServer.StartAsync();
        var request = Request(HttpMethod.Get, "api/status");
        request.Headers.Host = "rebound.example";

        var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("api/status")).StatusCode);
    }

    [Fact]
    public async Task Token_RequestsWithoutIt_AreRefusedEvenFromLoopback()
    {
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}"]);
        using var http = NoRedirectClient(server);

        foreach (var path in AdminGets.Skip(1))
        {
            var response = await http.SendAsync(Request(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var wrong = await http.SendAsync(Request(HttpMethod.Get, path, bearer: Token + "x"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var page = await http.SendAsync(Request(HttpMethod.Get, "admin"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/admin/login", page.Headers.Location?.OriginalString);
        var close = await http.SendAsync(Request(HttpMethod.Post, "api/rooms/room_x/close", csrf: true));
        Assert.Equal(HttpStatusCode.Unauthorized, close.StatusCode);
    }

    [Fact]
    public async Task Token_BearerFromRemote_IsAllowedAndActsWithoutCsrfHeader()
    {
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}"]);
        await using var glasses = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_bearer1");
        await AdminTestSteps.WaitUntilAsync(server.Hub, h => h.GetStatus().Rooms.Count == 1, "room created");

        var rooms = await server.Http.SendAsync(Request(HttpMethod.Get, "api/rooms", remote: true, bearer: Token));
        Assert.Equal(HttpStatusCode.OK, rooms.StatusCode);
        Assert.Contains("glasses_bearer1", await rooms.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var close = await server.Http.SendAsync(Request(HttpMethod.Post, "api/rooms/room_bearer1/close", remote: true, bearer: Token));
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        await glasses.ExpectAsync("error", errorCode: 1005);
    }

    [Fact]
    public async Task Token_LoginForm_SetsDerivedCookieThatNeedsCsrfHeaderForActions()
    {
        await using var server = await AdminServer.StartAsync([$"--Admin:Token={Token}"]);
        using var http = NoRedirectClient(server);

        var form = await http.GetAsync("admin/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"token\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var failed = await http.PostAsync("admin/login", new FormUrlEncodedContent([new("token", "guess")]));
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        Assert.False(failed.Headers.Contains("Set-Cookie"));

        var login = await http.PostAsync("admin/login", new FormUrlEncodedContent([new("token", Token)]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var setCookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.DoesNotContain(Token, setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        var withCookie = Request(HttpMethod.Get, "admin", remote: true);
        withCookie.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(withCookie)).StatusCode);

        var noCsrf = Request(HttpMethod.Post, "api/rooms/room_x/close", remote: true);
        noCsrf.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(noCsrf)).StatusCode);

        var withCsrf = Request(HttpMethod.Post, "api/rooms/room_x/close", remote: true, csrf: true);
        withCsrf.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(withCsrf)).StatusCode);

        var forged = Request(HttpMethod.Get, "api/status");
        forged.Headers.Add("Cookie", "tandem_admin=" + Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
    }

    private static HttpClient NoRedirectClient(AdminServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUri };

    private static HttpRequestMessage Request(HttpMethod method, string path, bool remote = false, string? bearer = null, bool csrf = false)
    {
        var request = new HttpRequestMessage(method, path);
        if (remote)
        {
            request.Headers.Add(AdminServer.RemoteAddressHeader, RemoteAddress);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        if (csrf)
        {
            request.Headers.Add("X-Tandem-Admin", "1");
        }

        return request;
    }
}
