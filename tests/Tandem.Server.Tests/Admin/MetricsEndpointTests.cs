using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Tandem.Server.Tests.Admin;

/// <summary><c>/metrics</c> after a known sequence of events, with the hub on a fake clock.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterKnownSequence_ReportExactCountersGaugesAndHistograms()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await AdminServer.StartAsync(time: time);

        // Pair room_m1 two (fake) seconds after it was created.
        await using var glasses = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_m1");
        await AdminTestSteps.WaitUntilAsync(server.Hub, h => h.GetStatus().Rooms.Count == 1, "room_m1 created");
        time.Advance(TimeSpan.FromSeconds(2));
        await using var app = await TestSignalingClient.JoinAsync(server.WebSocketUri, "app_m1");
        await glasses.ExpectAsync("role");
        await app.ExpectAsync("role");

        // Forward 1 offer, 1 answer, 2 ice; send one bad message (1003).
        await glasses.SendAsync("offer", "app_m1", """{"type":"offer","sdp":"v=0"}""");
        await app.ExpectAsync("offer");
        await app.SendAsync("answer", "glasses_m1", """{"type":"answer","sdp":"v=0"}""");
        await glasses.ExpectAsync("answer");
        for (var i = 0; i < 2; i++)
        {
            await glasses.SendAsync("ice", "app_m1", """{"candidate":"","sdpMid":"0"}""");
            await app.ExpectAsync("ice");
        }

        await app.SendAsync("bogus", "server");
        await app.ExpectAsync("error", errorCode: 1003);

        // room_m2 waits alone past its 30 s room timeout (1005, close 4005).
        await using var lone = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_m2");
        await AdminTestSteps.WaitUntilAsync(server.Hub, h => h.GetStatus().Rooms.Count == 2, "room_m2 created");
        time.Advance(TimeSpan.FromSeconds(31));
        await lone.ExpectAsync("error", errorCode: 1005);
        Assert.Equal(4005, await lone.ExpectCloseAsync());
        await AdminTestSteps.WaitUntilAsync(server.Hub, h => h.GetStatus().Connections.Count == 2, "lone connection gone");

        // Forward latency is recorded once the receiver's socket write returns, just after it arrives.
        var metrics = await ScrapeUntilAsync(server, m => m.GetValueOrDefault("tandem_forward_latency_milliseconds_count") == 4);

        Assert.Equal(1, metrics["tandem_pairs_total"]);
        Assert.Equal(1, metrics["tandem_room_timeouts_total"]);
        Assert.Equal(3, metrics["tandem_connections_accepted_total"]);
        Assert.Equal(1, metrics["tandem_messages_forwarded_total{type=\"offer\"}"]);
        Assert.Equal(1, metrics["tandem_messages_forwarded_total{type=\"answer\"}"]);
        Assert.Equal(2, metrics["tandem_messages_forwarded_total{type=\"ice\"}"]);
        Assert.False(metrics.ContainsKey("tandem_messages_forwarded_total{type=\"leave\"}"));
        Assert.Equal(1, metrics["tandem_errors_total{code=\"1003\"}"]);
        Assert.Equal(1, metrics["tandem_errors_total{code=\"1005\"}"]);
        Assert.Equal(2, metrics.Keys.Count(k => k.StartsWith("tandem_errors_total", StringComparison.Ordinal)));
        Assert.Equal(0, metrics["tandem_resumes_total"]);
        Assert.Equal(2, metrics["tandem_connections"]);
        Assert.Equal(1, metrics["tandem_rooms{state=\"PAIRED\"}"]);
        Assert.Equal(0, metrics["tandem_rooms{state=\"WAITING\"}"]);
        Assert.Equal(0, metrics["tandem_queued_messages"]);
        Assert.Equal(0, metrics["tandem_time_to_pair_seconds_bucket{le=\"1\"}"]);
        Assert.Equal(1, metrics["tandem_time_to_pair_seconds_bucket{le=\"2.5\"}"]);
        Assert.Equal(1, metrics["tandem_time_to_pair_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(2, metrics["tandem_time_to_pair_seconds_sum"]);
        Assert.Equal(1, metrics["tandem_time_to_pair_seconds_count"]);
        Assert.Equal(4, metrics["tandem_forward_latency_milliseconds_bucket{le=\"+Inf\"}"]);
    }

    [Fact]
    public async Task Metrics_Response_IsPrometheusTextWithTypeLines()
    {
        await using var server = await AdminServer.StartAsync();

        var response = await server.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE tandem_pairs_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE tandem_connections gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE tandem_time_to_pair_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE tandem_forward_latency_milliseconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("\ntandem_connections 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\ntandem_pairs_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\ntandem_time_to_pair_seconds_bucket{le=\"+Inf\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\ntandem_time_to_pair_seconds_count 0\n", text, StringComparison.Ordinal);
    }

    /// <summary>Scrapes until <paramref name="ready"/> holds, returning <c>series → value</c>.</summary>
    private static async Task<Dictionary<string, double>> ScrapeUntilAsync(AdminServer server, Func<Dictionary<string, double>, bool> ready)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var metrics = Parse(await server.Http.GetStringAsync("metrics"));
            if (ready(metrics))
            {
                return metrics;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "metrics never reached the expected state");
            await Task.Delay(20);
        }
    }

    private static Dictionary<string, double> Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var space = line.LastIndexOf(' ');
            series.Add(line[..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }

        return series;
    }
}
