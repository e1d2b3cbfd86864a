using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Matrix;

/// <summary>
/// Collects every cell's row and, when the collection ends, writes the table: always to
/// <c>interop-matrix.md</c> beside the test assembly, and into <c>docs/INTEROP.md</c> (between its
/// <c>matrix:begin</c> / <c>matrix:end</c> markers) when every cell of <see cref="MatrixCells.All"/> ran.
/// </summary>
public sealed class MatrixReport : IAsyncLifetime
{
    private const string Begin = "<!-- matrix:begin -->";
    private const string End = "<!-- matrix:end -->";
    private readonly ConcurrentDictionary<Cell, CellOutcome> _outcomes = new();

    public void Record(CellOutcome outcome) => _outcomes[outcome.Cell] = outcome;

    private readonly DateTime _startedAt = DateTime.UtcNow;
    private readonly string _loadAtStart = Load();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_outcomes.IsEmpty)
        {
            return;
        }

        var table = Render([.. MatrixCells.All.Where(_outcomes.ContainsKey).Select(c => _outcomes[c])], _loadAtStart, DateTime.UtcNow - _startedAt);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "interop-matrix.md"), table);
        var doc = Path.Combine(Binaries.RepositoryRoot, "docs", "INTEROP.md");
        if (_outcomes.Count == MatrixCells.All.Count && File.Exists(doc))
        {
            var text = await File.ReadAllTextAsync(doc);
            var (from, to) = (text.IndexOf(Begin, StringComparison.Ordinal), text.IndexOf(End, StringComparison.Ordinal));
            if (from >= 0 && to > from)
            {
                await File.WriteAllTextAsync(doc, string.Concat(text.AsSpan(0, from + Begin.Length), "\n", table, text.AsSpan(to)));
            }
        }
    }

    /// <summary>The table in Markdown, with the run's date, machine, load (1-minute average at its start and end) and duration.</summary>
    public static string Render(IReadOnlyList<CellOutcome> outcomes, string loadAtStart, TimeSpan took)
    {
        var c = CultureInfo.InvariantCulture;
        var versions = string.Join(", ", outcomes.GroupBy(o => o.Cell.Partner).Select(g => $"{g.Key}: {g.Select(o => o.PartnerVersion).FirstOrDefault(v => v != "?") ?? "?"}"));
        var text = new StringBuilder();
        text.Append(c, $"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load {loadAtStart} at the start and {Load()} at the end, ");
        text.Append(c, $"{outcomes.Count} cells in {took.TotalMinutes:0.0} min; {versions}.\n\n");
        text.Append("| partner | partner is | joins first (offers) | features | result | setup to first media | media | echo RTT | partner's SCTP SRTT | link RTT |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var o in outcomes)
        {
            var role = o.Cell.Ours == OurSide.Device ? "app (vs `tandem device`)" : "glasses (vs `tandem app`)";
            var first = o.Cell.OursJoinsFirst ? "we" : "they";
            var result = o.Passed ? "pass" : "**FAIL**: " + FirstLine(o.Problems[0]);
            var setup = o.SetupMs is { } ms ? $"{ms:0} ms ({o.SetupStep})" : "–";
            text.Append(c, $"| {o.Cell.Partner} | {role} | {first} | {Features(o.Cell.Features)} | {result} | {setup} | {Or(o.Media)} | {Ms(o.EchoRttMs)} | {Ms(o.SctpSrttMs)} | {Ms(o.LinkRttMs)} |\n");
        }

        return text.ToString();
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string Features(CellFeatures features) => features switch
    {
        CellFeatures.Full => "video, audio both ways, data (text + binary echoed both ways)",
        CellFeatures.DataOnly => "data only",
        _ => "audio only",
    };

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) + " ms" : "–";

    private static string Or(string text) => text.Length == 0 ? "–" : text;

    private static string FirstLine(string text) => text.Split('\n')[0].Replace("|", "/", StringComparison.Ordinal);
}
