using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Sdp;

namespace Tandem.Benchmarks.Sdp;

/// <summary>
/// Parsing and writing a real Chromium audio+video+data offer (183 lines). Baseline: only splitting the
/// text into lines, the floor of any line-based parser.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SdpBenchmarks
{
    private string _text = "";
    private SdpSessionDescription? _parsed;

    [GlobalSetup]
    public void Setup()
    {
        _text = File.ReadAllText(Path.Combine(SourceDirectory(), "..", "..", "..", "tests", "Tandem.WebRtc.Tests", "Sdp", "Data", "chromium-av-dc-offer.sdp"));
        if (!SdpSessionDescription.TryParse(_text, out _parsed, out string? error))
        {
            throw new InvalidOperationException(error);
        }
    }

    [Benchmark(Baseline = true)]
    public int SplitLines()
    {
        int count = 0;
        foreach (ReadOnlySpan<char> line in _text.AsSpan().EnumerateLines())
        {
            count += line.Length > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark]
    public int Parse() => SdpSessionDescription.TryParse(_text, out var description, out _) ? description.Media.Count : -1;

    [Benchmark]
    public int Serialize() => _parsed!.ToString().Length;

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
