using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>The app page against a server with join authentication: <c>&amp;token=</c> joins; none stops on 1008 with the reason.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AppPageTokenTests(ChromiumFixture chromium, AppPageFixture app) : IClassFixture<AppPageFixture>
{
    private const string Secret = "browser test secret, 32 bytes at the least";

    [Fact]
    public async Task AppPage_WithToken_Joins_WithoutToken_StopsOn1008()
    {
        _ = chromium;
        await using var server = await AppServer.StartAsync("--Auth:Mode=token", $"--Auth:Secret={Secret}");
        var uid = Guid.NewGuid().ToString("N")[..12] + "t";

        await using var admitted = await app.OpenAsync(new Uri(server.BaseUri, $"app?id=app_{uid}&token={Mint("app_" + uid)}"));
        await admitted.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "joined", "the page with a token to join");

        // The page says "joined" once its join is sent; the room exists once the server admitted it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (server.Hub.GetStatus().Rooms.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Single(server.Hub.GetStatus().Rooms);

        await using var refused = await app.OpenAsync(new Uri(server.BaseUri, $"app?id=app_other{uid}"));
        await refused.WaitForAsync("tandemApp.state()", s => Text(s, "signaling") == "closed", "the page without a token to stop");
        var alert = await refused.Page.InnerTextAsync("#alert");
        Assert.Contains("1008", alert, StringComparison.Ordinal);
        Assert.Contains("&token=", alert, StringComparison.Ordinal);
        Assert.Single(server.Hub.GetStatus().Rooms);
    }

    private static string Mint(string id) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", id)]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256),
        });

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
