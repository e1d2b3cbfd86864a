using System.Diagnostics;
using System.Globalization;

namespace Tandem.LatencyBench;

/// <summary>
/// How the glasses' audio crossed the wire at the start of a call and later: every RTP/RTCP datagram in the network namespace,
/// recorded by <c>wire-trace.py</c> (a packet socket, Debian's python3) with the wall-clock time it passed, then summarised for
/// the glasses' audio stream toward the page. The sender's own jitter, seen before the page's network thread and NetEq —
/// for our glasses and Chromium's alike.
/// </summary>
/// <param name="Packets">Audio packets in the first <see cref="StartSeconds"/> after the first one.</param>
/// <param name="StartSpreadMs">
/// Over those, the largest minus the smallest of (arrival − RTP timestamp), in ms: how unevenly packets left against the
/// instants they carry (0 when each leaves its capture time's fixed delay after it; a burst after a stall shows as its length).
/// </param>
/// <param name="StartGaps">Gaps of more than 30 ms between two audio packets (one is due every 20 ms) in the first seconds.</param>
/// <param name="LargestStartGapMs">The largest such gap.</param>
/// <param name="SteadySpreadMs">The same spread from 5 to 15 s after the first packet, p5 to p95 (NaN for a shorter call).</param>
/// <param name="MissingPackets">
/// Audio sequence numbers missing in the first seconds: packets lost between the sender's socket and the trace, or that the trace
/// itself missed (then video misses packets at the same moments).
/// </param>
/// <param name="FirstVideoMs">The first video packet, ms after the first audio packet (negative: before it).</param>
/// <param name="FirstSrMs">The first sender report of the glasses, ms after the first audio packet.</param>
internal sealed record WireTrace(int Packets, double StartSpreadMs, int StartGaps, double LargestStartGapMs, double SteadySpreadMs, int MissingPackets, double FirstVideoMs, double FirstSrMs)
{
    /// <summary>The seconds of a call's start summarised on their own.</summary>
    public const double StartSeconds = 3;

    // RFC 7587 §4.1: Opus RTP timestamps count 48 kHz whatever the encoder's rate; 20 ms packets step by 960.
    private const double TicksPerMs = 48;
    private const uint OpusStep = 960;

    /// <summary>Starts recording into <paramref name="path"/>; dispose the recorder to stop it. Null (with a note) when it cannot run.</summary>
    public static Recorder? Start(string path)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "wire-trace.py");
        try
        {
            var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, path]) { RedirectStandardError = true, UseShellExecute = false });
            return process is null ? null : new Recorder(process);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"    note: no wire trace ({e.Message}): install Debian's python3");
            return null;
        }
    }

    /// <summary>Summarises a recording; null when it holds no glasses audio (a call without audio, or the recorder failed).</summary>
    public static WireTrace? From(string path) => File.Exists(path) ? From(File.ReadLines(path)) : null;

    /// <summary>Summarises recorded lines: the flow carrying the most RTP bytes is the glasses' video toward the page; its audio is the stream on it stepping 960 ticks.</summary>
    internal static WireTrace? From(IEnumerable<string> lines)
    {
        var rtp = new List<(double At, string Flow, ushort Sequence, uint Timestamp, uint Ssrc, int Length)>();
        var rtcp = new List<(double At, string Flow, int Type)>();
        foreach (var line in lines)
        {
            var f = line.Split(' ');
            if (f.Length >= 9 && f[3] == "rtp" && double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var at)
                && ushort.TryParse(f[5], CultureInfo.InvariantCulture, out var sequence) && uint.TryParse(f[6], CultureInfo.InvariantCulture, out var ts) && uint.TryParse(f[7], CultureInfo.InvariantCulture, out var ssrc)
                && int.TryParse(f[8], CultureInfo.InvariantCulture, out var length))
            {
                rtp.Add((at, f[1] + ">" + f[2], sequence, ts, ssrc, length));
            }
            else if (f.Length >= 7 && f[3] == "rtcp" && double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out at)
                && int.TryParse(f[4], CultureInfo.InvariantCulture, out var type))
            {
                rtcp.Add((at, f[1] + ">" + f[2], type));
            }
        }

        if (rtp.Count == 0)
        {
            return null;
        }

        var flow = rtp.GroupBy(p => p.Flow).MaxBy(g => g.Sum(p => (long)p.Length))!.Key;
        var onFlow = rtp.Where(p => p.Flow == flow).ToList();
        var video = onFlow.GroupBy(p => p.Ssrc).MaxBy(g => g.Sum(p => (long)p.Length))!.Key;
        var audio = onFlow.Where(p => p.Ssrc != video).GroupBy(p => p.Ssrc)
            .Select(g => g.ToList())
            .Where(g => g.Count > 10 && g.Zip(g.Skip(1)).Count(p => p.Second.Timestamp - p.First.Timestamp == OpusStep) > g.Count / 2)
            .MaxBy(g => g.Count);
        if (audio is null)
        {
            return null;
        }

        var (t0, ts0) = (audio[0].At, audio[0].Timestamp);
        double Offset((double At, string Flow, ushort Sequence, uint Timestamp, uint Ssrc, int Length) p) => ((p.At - t0) * 1000) - ((p.Timestamp - ts0) / TicksPerMs);
        var start = audio.Where(p => p.At - t0 <= StartSeconds).ToList();
        var offsets = start.Select(Offset).ToList();
        var gaps = start.Zip(start.Skip(1)).Select(p => (p.Second.At - p.First.At) * 1000).ToList();
        var missing = start.Zip(start.Skip(1)).Sum(p => Math.Max(0, (ushort)(p.Second.Sequence - p.First.Sequence) - 1));
        var steady = audio.Where(p => p.At - t0 is >= 5 and <= 15).Select(Offset).ToList();
        var firstSr = rtcp.Where(r => r.Flow == flow && r.Type == 200).Select(r => (r.At - t0) * 1000).DefaultIfEmpty(double.NaN).Min();
        return new WireTrace(start.Count, offsets.Max() - offsets.Min(), gaps.Count(g => g > 30), gaps.DefaultIfEmpty(0).Max(),
            steady.Count > 10 ? Report.Percentile(steady, 95) - Report.Percentile(steady, 5) : double.NaN, missing,
            (onFlow.First(p => p.Ssrc == video).At - t0) * 1000, firstSr);
    }

    /// <summary>One line of text.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"wire: the glasses' audio in its first {StartSeconds:F0} s {Packets} packets, arrival − timestamp spread {StartSpreadMs:F0} ms, {StartGaps} gaps over 30 ms (largest {LargestStartGapMs:F0} ms), {MissingPackets} missing; " +
        $"5–15 s spread p5–p95 {SteadySpreadMs:F0} ms; first video {FirstVideoMs:+0;-0} ms, first SR {FirstSrMs:+0;-0} ms after the first audio packet");

    /// <summary>The running recorder.</summary>
    internal sealed class Recorder(Process process) : IDisposable
    {
        /// <summary>Stops the recorder (its own child process, by its id).</summary>
        public void Dispose()
        {
            if (process.HasExited)
            {
                // Without root there is no packet socket: its error says so.
                Console.WriteLine("    note: the wire trace failed: " + process.StandardError.ReadToEnd().Trim().Split('\n')[^1]);
            }
            else
            {
                process.Kill();
                process.WaitForExit(5_000);
            }

            process.Dispose();
        }
    }
}
