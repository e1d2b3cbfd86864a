using System.Text.Json;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// One pc.getStats() result: the W3C stats objects (webrtc-stats) as JSON, with look-ups for
/// what our tests check. Numbers absent from a report read as 0.
/// </summary>
public sealed class BrowserStats(IReadOnlyList<JsonElement> reports)
{
    public IReadOnlyList<JsonElement> Reports { get; } = reports;

    public IEnumerable<JsonElement> OfType(string type) => Reports.Where(r => Text(r, "type") == type);

    public JsonElement? ById(string? id) =>
        id is null ? null : Reports.Cast<JsonElement?>().FirstOrDefault(r => Text(r!.Value, "id") == id);

    /// <summary>The inbound-rtp report of <paramref name="kind"/> ("audio"|"video") with the most packets.</summary>
    public JsonElement? Inbound(string kind) => Rtp("inbound-rtp", kind);

    public JsonElement? Outbound(string kind) => Rtp("outbound-rtp", kind);

    /// <summary>The codec report an RTP report points to (codecId).</summary>
    public JsonElement? CodecOf(JsonElement rtp) => ById(Text(rtp, "codecId"));

    /// <summary>The transport's selected candidate pair.</summary>
    public JsonElement? SelectedCandidatePair() =>
        OfType("transport").Select(t => ById(Text(t, "selectedCandidatePairId"))).FirstOrDefault(p => p is not null);

    public JsonElement? DataChannel(string label) =>
        OfType("data-channel").Cast<JsonElement?>().FirstOrDefault(d => Text(d!.Value, "label") == label);

    /// <summary>A numeric member (0 when absent).</summary>
    public static double Number(JsonElement? report, string name) =>
        report is { } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    /// <summary>A string member (null when absent).</summary>
    public static string? Text(JsonElement? report, string name) =>
        report is { } r && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => JsonSerializer.Serialize(Reports);

    private JsonElement? Rtp(string type, string kind) =>
        OfType(type).Where(r => Text(r, "kind") == kind)
            .OrderByDescending(r => Number(r, "packetsReceived") + Number(r, "packetsSent"))
            .Cast<JsonElement?>().FirstOrDefault();
}
