using Microsoft.Extensions.Configuration;
using Tandem.Server.Cluster;
using Tandem.Server.Configuration;

namespace Tandem.Server.Tests.Cluster;

public class ClusterSettingsTests
{
    private static ClusterSettings Load(params (string Key, string Value)[] values) =>
        ClusterSettings.Load(ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build()).Values);

    [Fact]
    public void Load_Default_MemoryStoreWithoutRedis()
    {
        Assert.Null(Load().Redis);
    }

    [Fact]
    public void Load_RedisWithConfiguration_ConnectsLaterIfAway()
    {
        var settings = Load(("Signaling:Store", "redis"), ("Signaling:Redis:Configuration", "127.0.0.1:6390,password=x"), ("Signaling:NodeName", "sig-1"));
        Assert.NotNull(settings.Redis);
        Assert.False(settings.Redis.AbortOnConnectFail);
        Assert.Equal("sig-1", settings.NodeName);
    }

    [Fact]
    public void Load_RedisWithoutConfiguration_RefusedNamingTheKey()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Load(("Signaling:Store", "redis")));
        Assert.Contains("Signaling:Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,connectTimeout=soon")]
    [InlineData(",,,")]
    public void Load_UnreadableConfiguration_RefusedNamingTheKey(string text)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Load(("Signaling:Store", "redis"), ("Signaling:Redis:Configuration", text)));
        Assert.Contains("Signaling:Redis:Configuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NodeTimeoutNotAboveTwoHeartbeats_RefusedNamingBothKeys()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Load(("Signaling:Store", "redis"), ("Signaling:Redis:Configuration", "127.0.0.1:6379"),
            ("Signaling:Redis:HeartbeatSeconds", "2"), ("Signaling:Redis:NodeTimeoutSeconds", "3")));
        Assert.Contains("Signaling:Redis:NodeTimeoutSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("Signaling:Redis:HeartbeatSeconds", error.Message, StringComparison.Ordinal);
    }
}
