using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;
using Tandem.Server.Hosting;

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
    public void Load_Ttl_Read()
    {
        var settings = Load(("Turn:Urls", "turn:203.0.113.1"), ("Turn:Secret", "s"), ("Turn:TtlSeconds", "120"));

        Assert.Equal(TimeSpan.FromSeconds(120), settings.Signaling.Turn!.Lifetime);
    }

    [Theory]
    [InlineData("turn:h", null, null, "Turn:Urls is set but Turn:Secret is not")]
    [InlineData(null, "s", null, "Turn:Secret is set but Turn:Urls is not")]
    [InlineData("turn:h", "s", "30", "Turn:TtlSeconds = '30'")]
    [InlineData("turn:h", "s", "hour", "Turn:TtlSeconds = 'hour'")]
    [InlineData("http://h", "s", null, "Turn:Urls = 'http://h': must be turn:HOST")]
    [InlineData("turn:h?transport=sctp", "s", null, "Turn:Urls = 'turn:h?transport=sctp': must be")]
    [InlineData("stun:h?transport=udp", "s", null, "Turn:Urls = 'stun:h?transport=udp': must be")]
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

        var error = Assert.Throws<InvalidSettingsException>(() => Load([.. values]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Turn:Secrte", "Turn:Secret")]
    [InlineData("Turn:TtlSecond", "Turn:TtlSeconds")]
    public void Load_MisspelledTurnKey_RefusedWithTheKeyMeant(string typed, string meant)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Load((typed, "x")));

        Assert.Contains($"  {typed} (", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown setting", error.Message, StringComparison.Ordinal);
        Assert.Contains(meant, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UrlsAsJsonArray_RefusedPointingAtTheOneStringForm()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Load(("Turn:Urls:0", "turn:h"), ("Turn:Secret", "s")));

        Assert.Contains("  Turn:Urls:0 (", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown setting", error.Message, StringComparison.Ordinal);
        Assert.Contains("Turn:Urls", error.Message.Replace("Turn:Urls:0", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsEveryTurnKey()
    {
        var help = HelpText.Render();

        Assert.All(new[] { "--Turn:Urls=", "--Turn:Secret=", "--Turn:TtlSeconds=" }, key => Assert.Contains(key, help, StringComparison.Ordinal));
    }
}
