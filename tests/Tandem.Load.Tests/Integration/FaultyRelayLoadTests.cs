using Tandem.Load;
using System.Globalization;
using System.Text.Json;

namespace Tandem.Load.Tests.Integration;

/// <summary><c>tandem-load</c> against a relay that drops, duplicates or misroutes one message per pair.</summary>
[Trait("Category", "Integration")]
public sealed class FaultyRelayLoadTests : IDisposable
{
    private const int Pairs = 3;
    private readonly string _json = Path.Combine(Path.GetTempPath(), $"tandem-load-faulty-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_json);

    [Theory]
    [InlineData(RelayFault.Drop, Pairs, 0, 0)]
    [InlineData(RelayFault.Duplicate, 0, Pairs, 0)]
    [InlineData(RelayFault.Echo, Pairs, 0, Pairs)]
    public async Task Load_FaultyRelay_CountsEveryFault(RelayFault fault, long lost, long duplicated, long misrouted)
    {
        await using var relay = new FaultyRelay(fault);
        var port = await relay.StartAsync();

        var exit = await LoadCommands.RunAsync(
            ["--server", string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/"), "--target", "relay",
             "--pairs", Pairs.ToString(CultureInfo.InvariantCulture), "--concurrency", "3", "--ice", "5", "--timeout", "4",
             "--json", _json, "--quiet"]);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(_json));
        var root = doc.RootElement;
        Assert.Equal(lost, root.GetProperty("lost").GetInt64());
        Assert.Equal(duplicated, root.GetProperty("duplicated").GetInt64());
        Assert.Equal(misrouted, root.GetProperty("misrouted").GetInt64());
        Assert.Equal(1, exit);
        // A lost message leaves its session waiting until the timeout: a failed pair and an error.
        Assert.Equal(lost == 0 ? Pairs : 0, root.GetProperty("pairs").GetInt64());
        Assert.Equal(lost, root.GetProperty("errors").EnumerateObject().Sum(e => e.Value.GetInt64()));
    }
}
