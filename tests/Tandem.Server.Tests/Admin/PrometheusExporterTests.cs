using System.Diagnostics.Metrics;
using Tandem.Server.Admin.Metrics;

namespace Tandem.Server.Tests.Admin;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new("Tandem.Signaling");

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void Scrape_CounterWithTags_RendersOneTotalPerLabelSet()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<long>("tandem_messages_forwarded", description: "Forwarded");

        counter.Add(2, new KeyValuePair<string, object?>("type", "ice"));
        counter.Add(1, new KeyValuePair<string, object?>("type", "offer"));
        counter.Add(3, new KeyValuePair<string, object?>("type", "ice"));

        Assert.Equal(
            "# HELP tandem_messages_forwarded_total Forwarded\n" +
            "# TYPE tandem_messages_forwarded_total counter\n" +
            "tandem_messages_forwarded_total{type=\"ice\"} 5\n" +
            "tandem_messages_forwarded_total{type=\"offer\"} 1\n",
            exporter.Scrape());
    }

    [Fact]
    public void Scrape_HistogramInSeconds_RendersCumulativeBucketsSumAndCount()
    {
        using var exporter = new PrometheusExporter(_meter);
        var histogram = _meter.CreateHistogram<double>("tandem_time_to_pair", unit: "s");

        histogram.Record(0.003);
        histogram.Record(2);
        histogram.Record(100);

        var lines = exporter.Scrape().Split('\n');
        Assert.Contains("# TYPE tandem_time_to_pair_seconds histogram", lines);
        Assert.Contains("tandem_time_to_pair_seconds_bucket{le=\"0.005\"} 1", lines);
        Assert.Contains("tandem_time_to_pair_seconds_bucket{le=\"1\"} 1", lines);
        Assert.Contains("tandem_time_to_pair_seconds_bucket{le=\"2.5\"} 2", lines);
        Assert.Contains("tandem_time_to_pair_seconds_bucket{le=\"60\"} 2", lines);
        Assert.Contains("tandem_time_to_pair_seconds_bucket{le=\"+Inf\"} 3", lines);
        Assert.Contains("tandem_time_to_pair_seconds_sum 102.003", lines);
        Assert.Contains("tandem_time_to_pair_seconds_count 3", lines);
    }

    [Fact]
    public void Scrape_HistogramWithAdvice_UsesAdvisedBoundsAndMillisecondSuffix()
    {
        using var exporter = new PrometheusExporter(_meter);
        var histogram = _meter.CreateHistogram("tandem_forward_latency", unit: "ms", description: null,
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 10] });

        histogram.Record(5, new KeyValuePair<string, object?>("path", "relay"));

        var lines = exporter.Scrape().Split('\n');
        Assert.Equal(
            ["tandem_forward_latency_milliseconds_bucket{path=\"relay\",le=\"1\"} 0", "tandem_forward_latency_milliseconds_bucket{path=\"relay\",le=\"10\"} 1", "tandem_forward_latency_milliseconds_bucket{path=\"relay\",le=\"+Inf\"} 1"],
            lines.Where(l => l.Contains("_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void Scrape_ObservableGauge_IsPolledAtEachScrape()
    {
        using var exporter = new PrometheusExporter(_meter);
        var connections = 3;
        _meter.CreateObservableGauge("tandem_connections", () => connections);

        Assert.Contains("\ntandem_connections 3\n", exporter.Scrape(), StringComparison.Ordinal);
        connections = 7;
        Assert.Contains("\ntandem_connections 7\n", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_AnotherMeterWithTheSameName_IsIgnored()
    {
        using var other = new Meter("Tandem.Signaling");
        using var exporter = new PrometheusExporter(_meter);
        var mine = _meter.CreateCounter<long>("tandem_pairs");
        var theirs = other.CreateCounter<long>("tandem_pairs");

        mine.Add(1);
        theirs.Add(100);

        Assert.Contains("\ntandem_pairs_total 1\n", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_LabelValueWithQuoteBackslashAndNewline_IsEscaped()
    {
        using var exporter = new PrometheusExporter(_meter);
        var counter = _meter.CreateCounter<int>("odd-name.total");

        counter.Add(1, new KeyValuePair<string, object?>("bad key", "a\"b\\c\nd"));

        Assert.Contains("odd_name_total{bad_key=\"a\\\"b\\\\c\\nd\"} 1\n", exporter.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_UpDownCounter_IsAGauge()
    {
        using var exporter = new PrometheusExporter(_meter);
        var queue = _meter.CreateUpDownCounter<long>("tandem_queue");

        queue.Add(5);
        queue.Add(-2);

        var text = exporter.Scrape();
        Assert.Contains("# TYPE tandem_queue gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("\ntandem_queue 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrape_CounterNotMeasuredYet_ShowsZeroUntilLabelledSeriesExist()
    {
        using var exporter = new PrometheusExporter(_meter);
        var errors = _meter.CreateCounter<long>("tandem_errors");

        Assert.Contains("\ntandem_errors_total 0\n", exporter.Scrape(), StringComparison.Ordinal);
        errors.Add(1, new KeyValuePair<string, object?>("code", 1003));

        var text = exporter.Scrape();
        Assert.Contains("\ntandem_errors_total{code=\"1003\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\ntandem_errors_total 0\n", text, StringComparison.Ordinal);
    }
}
