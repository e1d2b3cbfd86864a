using Tandem.Load;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Tandem.Load.Relay;

namespace Tandem.Load.Tests.Integration;

/// <summary>Runs <c>tandem-load</c> end to end against an in-process relay baseline on loopback.</summary>
[Trait("Category", "Integration")]
public sealed class RelayLoadTests : IAsyncLifetime
{
    private readonly RelayBaseline _relay = new();
    private readonly string _json = Path.Combine(Path.GetTempPath(), $"tandem-load-{Guid.NewGuid():N}.json");
    private int _port;

    public async Task InitializeAsync() => _port = await _relay.StartAsync(IPAddress.Loopback, 0, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        File.Delete(_json);
    }

    [Fact]
    public async Task Load_AgainstRelay_DeliversEverythingAndWritesJson()
    {
        var exit = await LoadCommands.RunAsync(
            ["--server", Server, "--target", "relay", "--pairs", "12", "--concurrency", "4", "--ice", "3",
             "--rounds", "2", "--source-ips", "127.0.0.1-127.0.0.2", "--server-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
             "--json", _json, "--quiet"]);

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(_json));
        var root = doc.RootElement;
        Assert.Equal(12, root.GetProperty("pairs").GetInt64());
        Assert.Equal(0, root.GetProperty("lost").GetInt64());
        Assert.Equal(0, root.GetProperty("duplicated").GetInt64());
        Assert.Equal(0, root.GetProperty("misrouted").GetInt64());
        Assert.Equal(0, root.GetProperty("out_of_order").GetInt64());
        Assert.Equal(12L * 2 * 2 * (1 + 3), root.GetProperty("messages").GetInt64());
        Assert.Empty(root.GetProperty("errors").EnumerateObject());
        Assert.True(root.GetProperty("pairs_per_sec").GetDouble() > 0);
        Assert.True(root.GetProperty("server_rss_mb").GetDouble() > 0);
        var latency = root.GetProperty("latency_ms");
        Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task Load_HoldMode_JoinsEveryHeldConnection()
    {
        var exit = await LoadCommands.RunAsync(
            ["--server", Server, "--target", "relay", "--hold", "20", "--pairs", "3", "--ice", "1",
             "--json", _json, "--quiet"]);

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(_json));
        Assert.Equal(20, doc.RootElement.GetProperty("held").GetInt64());
        Assert.Equal(3, doc.RootElement.GetProperty("pairs").GetInt64());
    }

    [Fact]
    public async Task Load_NothingListening_CountsConnectErrorsAndFails()
    {
        await _relay.DisposeAsync();
        var exit = await LoadCommands.RunAsync(
            ["--server", Server, "--target", "relay", "--pairs", "2", "--concurrency", "2", "--json", _json, "--quiet"]);

        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(_json));
        Assert.Equal(0, doc.RootElement.GetProperty("pairs").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("errors").GetProperty("connect").GetInt64());
    }

    private string Server => string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{_port}/");
}
