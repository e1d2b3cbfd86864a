using System.Text.Json;

namespace Tandem.Interop.Tests.Partners;

/// <summary>
/// What a partner reports at the end (the <c>summary</c> JSON line of interop/common/report.py, or the
/// same fields from interop/chromium/probe.js). Setup steps are milliseconds since the partner's role message.
/// </summary>
public sealed record PartnerSummary(
    string Version,
    int FramesSent,
    int FramesDecoded,
    string? VideoSize,
    double AudioInRms,
    double AudioInSeconds,
    IReadOnlyList<string> TextsReceived,
    IReadOnlyList<string> BinaryReceived,
    int PingsAnswered,
    double? EchoRttMs,
    double? SctpSrttMs,
    double? LinkRttMs,
    IReadOnlyDictionary<string, double> SetupMs,
    IReadOnlyList<string> Errors)
{
    /// <summary>Reads a summary object; missing fields read as zero, empty or null.</summary>
    public static PartnerSummary Parse(JsonElement json)
    {
        static double? Number(JsonElement json, string name) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        static IReadOnlyList<string> Strings(JsonElement json, string name) =>
            json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.ToString())] : [];

        var setup = new Dictionary<string, double>();
        if (json.TryGetProperty("setup_ms", out var steps) && steps.ValueKind == JsonValueKind.Object)
        {
            foreach (var step in steps.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Number))
            {
                setup[step.Name] = step.Value.GetDouble();
            }
        }

        return new PartnerSummary(
            json.TryGetProperty("version", out var version) ? version.ToString() : "?",
            (int)(Number(json, "frames_sent") ?? 0),
            (int)(Number(json, "frames_decoded") ?? 0),
            json.TryGetProperty("video_size", out var size) && size.ValueKind == JsonValueKind.String ? size.GetString() : null,
            Number(json, "audio_in_rms") ?? 0,
            Number(json, "audio_in_seconds") ?? 0,
            Strings(json, "texts_received"),
            Strings(json, "binary_received"),
            (int)(Number(json, "pings_answered") ?? 0),
            Number(json, "echo_rtt_ms"),
            Number(json, "sctp_srtt_ms"),
            Number(json, "link_rtt_ms"),
            setup,
            Strings(json, "errors"));
    }
}
