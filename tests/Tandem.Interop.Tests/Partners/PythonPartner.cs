using System.Globalization;
using System.Text.Json;
using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Partners;

/// <summary>
/// A partner peer written in Python (<c>interop/aiortc/peer.py</c>, <c>interop/gstreamer/peer.py</c>),
/// run by Debian's <c>/usr/bin/python3</c> (its aiortc and GStreamer bindings are Debian packages).
/// </summary>
internal sealed class PythonPartner : IPartnerPeer
{
    /// <summary>Debian's interpreter: the one whose dist-packages hold python3-aiortc and python3-gst-1.0.</summary>
    public const string Python = "/usr/bin/python3";

    private readonly ChildProcess _process;

    private PythonPartner(ChildProcess process) => _process = process;

    /// <summary>Starts <c>interop/<paramref name="stack"/>/peer.py</c> against <paramref name="server"/>.</summary>
    public static PythonPartner Start(string stack, ServerProcess server, PartnerOptions options)
    {
        var script = Path.Combine(Binaries.RepositoryRoot, "interop", stack, "peer.py");
        List<string> args =
        [
            script, "--server", server.WebSocketUri, "--id", options.Id,
            "--seconds", options.Seconds.ToString(CultureInfo.InvariantCulture), "--pings", options.Pings.ToString(CultureInfo.InvariantCulture),
        ];
        if (options.Data)
        {
            args.AddRange(["--send", options.Text, "--send-binary", options.BinaryHex]);
        }

        args.AddRange([.. options.Video ? [] : new[] { "--no-video" }, .. options.Audio ? [] : new[] { "--no-audio" }, .. options.Data ? [] : new[] { "--no-data" }]);
        if (options.HoldJoin)
        {
            args.Add("--join-on-stdin");
        }

        return new PythonPartner(ChildProcess.StartProgram(stack + " " + options.Id, Python, [.. args]));
    }

    public Task JoinAsync() => _process.WriteLineAsync("join");

    public async Task<PartnerSummary> WaitForSummaryAsync(TimeSpan timeout)
    {
        var (_, line) = await _process.WaitForLineAsync(l => Event(l) == "summary", "its summary", timeout);
        using var json = JsonDocument.Parse(line);
        return PartnerSummary.Parse(json.RootElement);
    }

    public string Transcript() => _process.Transcript();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The <c>event</c> of a JSON line, or null for anything else (stderr, a library's own output).</summary>
    private static string? Event(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("event", out var e) ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
