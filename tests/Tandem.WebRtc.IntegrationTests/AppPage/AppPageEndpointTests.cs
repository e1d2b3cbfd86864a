using System.Net;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>What the server serves for the app page: /app, its assets, and nothing else under /app/assets.</summary>
public sealed class AppPageEndpointTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private AppServer _server = null!;

    public async Task InitializeAsync() => _server = await AppServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetApp_WithId_ServesThePageWithAStrictPolicy()
    {
        using var response = await _http.GetAsync(_server.AppUri("app_123456"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("src=\"/app/assets/app.js\"", html, StringComparison.Ordinal);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{_server.BaseUri.Authority} wss://{_server.BaseUri.Authority}", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("signaling.js", "text/javascript")]
    [InlineData("call.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    [InlineData("icon.svg", "image/svg+xml")]
    public async Task GetAsset_Known_ServedWithItsTypeAndETag(string name, string mediaType)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseUri, "app/assets/" + name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetAsset_SameETag_NotModified()
    {
        var uri = new Uri(_server.BaseUri, "app/assets/app.js");
        using var first = await _http.GetAsync(uri);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("app/assets/index.html")]
    [InlineData("app/assets/missing.js")]
    [InlineData("app/assets/..%2Fadmin%2Fadmin.js")]
    public async Task GetAsset_UnknownOrPage_NotFound(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseUri, path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
