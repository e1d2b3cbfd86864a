using System.Text.Json;

namespace Tandem.WebRtc.IntegrationTests.Browser;

public sealed partial class BrowserPeer
{
    private static readonly TimeSpan StatsPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>pc.getStats(), every report as JSON.</summary>
    public async Task<BrowserStats> GetStatsAsync() => new(await CallAsync<IReadOnlyList<JsonElement>>("stats"));

    /// <summary>
    /// Polls getStats() until <paramref name="condition"/> holds and returns those stats. Stats have
    /// no change event, so this polls (every 100 ms); on timeout it fails with
    /// <paramref name="description"/> and the last stats.
    /// </summary>
    public async Task<BrowserStats> WaitForStatsAsync(Func<BrowserStats, bool> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var stats = await GetStatsAsync();
            if (condition(stats))
            {
                return stats;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"timed out waiting for {description}; last stats: {stats}");
            }

            await Task.Delay(StatsPollInterval);
        }
    }
}
