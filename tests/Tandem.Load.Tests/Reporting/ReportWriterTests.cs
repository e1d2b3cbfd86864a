using System.Text.Json;
using Tandem.Load.Reporting;

namespace Tandem.Load.Tests.Reporting;

public class ReportWriterTests
{
    private static LoadReport Sample(double? rss) => new()
    {
        Target = "tandem",
        Pairs = 100,
        PairsFailed = 0,
        Seconds = 2,
        Messages = 4400,
        LatencyMs = [0.5, 1.5, 2.5, 3.5],
        Errors = new Dictionary<string, long> { ["1007"] = 2 },
        Lost = 0,
        Duplicated = 0,
        Misrouted = 0,
        OutOfOrder = 0,
        ServerRssMb = rss,
    };

    [Fact]
    public void ToJson_HasTheIssueFields()
    {
        using var doc = JsonDocument.Parse(ReportWriter.ToJson(Sample(80.5)));
        var root = doc.RootElement;
        Assert.Equal(100, root.GetProperty("pairs").GetInt64());
        Assert.Equal(2, root.GetProperty("seconds").GetDouble());
        Assert.Equal(50, root.GetProperty("pairs_per_sec").GetDouble());
        Assert.Equal(2200, root.GetProperty("messages_per_sec").GetDouble());
        Assert.Equal(1.5, root.GetProperty("latency_ms").GetProperty("p99").GetDouble());
        Assert.Equal(2.5, root.GetProperty("latency_ms").GetProperty("p999").GetDouble());
        Assert.Equal(2, root.GetProperty("errors").GetProperty("1007").GetInt64());
        Assert.Equal(0, root.GetProperty("misrouted").GetInt64());
        Assert.Equal(80.5, root.GetProperty("server_rss_mb").GetDouble());
    }

    [Fact]
    public void ToJson_UnknownRss_IsNull()
    {
        using var doc = JsonDocument.Parse(ReportWriter.ToJson(Sample(null)));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("server_rss_mb").ValueKind);
    }

    [Fact]
    public void ToJsonAndText_ClientCpuPerMessage_AreWritten()
    {
        var report = Sample(1) with { ClientCpuUsPerMessage = 3.5 };

        using var doc = JsonDocument.Parse(ReportWriter.ToJson(report));
        Assert.Equal(3.5, doc.RootElement.GetProperty("client_cpu_us_per_msg").GetDouble());
        Assert.Contains("3.5 µs per message", ReportWriter.ToText(report), StringComparison.Ordinal);
        using var none = JsonDocument.Parse(ReportWriter.ToJson(Sample(1)));
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("client_cpu_us_per_msg").ValueKind);
    }

    [Fact]
    public void ToJson_NotIndented_IsOneLine()
    {
        Assert.DoesNotContain('\n', ReportWriter.ToJson(Sample(1)));
    }
}
