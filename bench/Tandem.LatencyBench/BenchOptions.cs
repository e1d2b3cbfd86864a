using System.Globalization;

namespace Tandem.LatencyBench;

/// <summary>Which glasses send: ours (<c>tandem device</c>, in-process libx264) or Chromium (interop/chromium/glasses.html).</summary>
internal enum Sender
{
    Ours,
    Chromium,
}

/// <summary>Whether two busy processes (one per core) compete with the call.</summary>
internal enum Load
{
    Quiet,
    Hog,
}

/// <summary>
/// Command line: <c>[--rounds 3] [--settle 3] [--warmup 4] [--seconds 10] [--size 1280x720] [--senders ours,chromium] [--loads quiet,hog] [--out DIR]</c>.
/// <c>--settle</c>: seconds the glasses wait in their room before the app page opens (a device that is on waits for its app).
/// <c>--window-from sync|frame</c>: start the warm-up when the page's lip sync has its inputs (default) or at the first frame.
/// <c>--ours-args "A B"</c>: more arguments for our <c>tandem device</c> (an experiment, e.g. <c>--no-audio</c>: no lip sync to hold video back).
/// </summary>
internal sealed record BenchOptions(int Rounds, double SettleSeconds, double WarmupSeconds, double Seconds, int Width, int Height, IReadOnlyList<Sender> Senders, IReadOnlyList<Load> Loads, string Out)
{
    /// <summary>More arguments for our glasses.</summary>
    public IReadOnlyList<string> OursArgs { get; init; } = [];

    /// <summary>
    /// Whether the warm-up starts when the page's lip sync has its inputs (both streams' RTP times mapped to the sender's clock
    /// through its SRs; <c>--window-from sync</c>, the default) rather than at the first frame (<c>--window-from frame</c>).
    /// </summary>
    public bool WindowFromSync { get; init; } = true;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions(3, 3, 4, 10, 1280, 720, Enum.GetValues<Sender>(), Enum.GetValues<Load>(), "bench/results/latency");
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i++] switch
            {
                "--rounds" => o with { Rounds = (int)Between(int.Parse(value, CultureInfo.InvariantCulture), 1, 50, "--rounds") },
                "--settle" => o with { SettleSeconds = Between(double.Parse(value, CultureInfo.InvariantCulture), 0, 60, "--settle") },
                "--warmup" => o with { WarmupSeconds = Between(double.Parse(value, CultureInfo.InvariantCulture), 0, 60, "--warmup") },
                "--seconds" => o with { Seconds = Between(double.Parse(value, CultureInfo.InvariantCulture), 2, 300, "--seconds") },
                "--size" => Size(o, value),
                "--senders" => o with { Senders = [.. value.Split(',').Select(s => Enum.Parse<Sender>(s, true))] },
                "--loads" => o with { Loads = [.. value.Split(',').Select(s => Enum.Parse<Load>(s, true))] },
                "--out" => o with { Out = value },
                "--ours-args" => o with { OursArgs = value.Split(' ', StringSplitOptions.RemoveEmptyEntries) },
                "--window-from" => o with { WindowFromSync = value switch { "sync" => true, "frame" => false, _ => throw new ArgumentException($"--window-from {value}: expected sync or frame") } },
                _ => throw new ArgumentException($"unknown option {args[i - 1]}"),
            };
        }

        return o;
    }

    private static BenchOptions Size(BenchOptions o, string value)
    {
        var parts = value.Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h) && w >= 32 && h >= 32
            ? o with { Width = w, Height = h }
            : throw new ArgumentException($"--size {value}: expected WIDTHxHEIGHT, each at least 32");
    }

    private static double Between(double value, double min, double max, string what) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{what} must be {min}..{max}");
}
