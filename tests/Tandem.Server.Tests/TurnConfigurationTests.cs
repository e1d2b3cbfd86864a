using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;

namespace Tandem.Server.Tests;

public class TurnConfigurationTests
{
    private static ServerSettings Load(params (string Key, string Value)[] values) =>
        ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Load_NoTurnKeys_IssuesNothing() => Assert.Null(Load().Signaling.Turn);

    [Fact]
    public void Load_UrlsAndSecret_IssuerWithDefaultTtl()
    {
        var settings = Load(("Turn:Urls", "turn:203.0.113.1:3478, turns:turn.example.org:443?transport=tcp"), ("Turn:Secret", "north-sea"));

        var turn = settings.Signaling.Turn!;
        Assert.Equal(["turn:203.0.113.1:3478", "turns:turn.example.org:443?transport=tcp"], turn.Urls);
        Assert.Equal(TimeSpan.FromSeconds(3600), turn.Lifetime);
    }

    [Fact]
    public void Load_UrlsAsJsonArrayAndTtl_Read()
    {
        var settings = Load(("Turn:Urls:0", "turn:203.0.113.1"), ("Turn:Urls:1", "stun:203.0.113.1"), ("Turn:Secret", "s"), ("Turn:TtlSeconds", "120"));

        Assert.Equal(["turn:203.0.113.1", "stun:203.0.113.1"], settings.Signaling.Turn!.Urls);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.Signaling.Turn.Lifetime);
    }

    [Theory]
    [InlineData("turn:h", null, null, "Turn:Urls is set but Turn:Secret is not")]
    [InlineData(null, "s", null, "Turn:Secret is set but Turn:Urls is not")]
    [InlineData("turn:h", "s", "30", "Turn:TtlSeconds = '30'")]
    [InlineData("turn:h", "s", "hour", "Turn:TtlSeconds = 'hour'")]
    [InlineData("http://h", "s", null, "Turn:Urls: 'http://h' is not turn:")]
    [InlineData("turn:h?transport=sctp", "s", null, "Turn:Urls: 'turn:h?transport=sctp'")]
    public void Load_BadTurnKeys_ErrorNamesTheKey(string? urls, string? secret, string? ttl, string message)
    {
        var values = new List<(string, string)>();
        if (urls is not null)
        {
            values.Add(("Turn:Urls", urls));
        }

        if (secret is not null)
        {
            values.Add(("Turn:Secret", secret));
        }

        if (ttl is not null)
        {
            values.Add(("Turn:TtlSeconds", ttl));
        }

        var error = Assert.Throws<InvalidOperationException>(() => Load([.. values]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
