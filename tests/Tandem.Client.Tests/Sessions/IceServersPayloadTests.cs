using System.Text.Json;
using Tandem.Client.Signaling;

namespace Tandem.Client.Tests.Sessions;

public class IceServersPayloadTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Parse_W3CShapes_UrlsAsStringOrArray()
    {
        var servers = IceServersPayload.Parse(Json("""
            {"role":"offerer","ice_servers":[
              {"urls":["turn:203.0.113.1:3478","turns:203.0.113.1:5349"],"username":"1767229200:glasses_a","credential":"abc="},
              {"urls":"stun:203.0.113.1"}]}
            """));

        Assert.NotNull(servers);
        Assert.Equal(2, servers.Count);
        Assert.Equal(["turn:203.0.113.1:3478", "turns:203.0.113.1:5349"], servers[0].Urls);
        Assert.Equal("1767229200:glasses_a", servers[0].Username);
        Assert.Equal("abc=", servers[0].Credential);
        Assert.Equal(["stun:203.0.113.1"], servers[1].Urls);
        Assert.Null(servers[1].Username);
    }

    [Theory]
    [InlineData("""{"role":"offerer"}""")]
    [InlineData("""{"ice_servers":"turn:x"}""")]
    [InlineData("""{"ice_servers":[1,"x",{"urls":5},{"urls":[]},{"username":"u"}]}""")]
    public void Parse_MissingOrMalformed_SkipsWithoutThrowing(string json) => Assert.Null(IceServersPayload.Parse(Json(json)));
}
