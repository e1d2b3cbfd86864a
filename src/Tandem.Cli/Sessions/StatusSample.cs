using System.Globalization;
using Tandem.Client.Sessions;

namespace Tandem.Cli.Sessions;

/// <summary>Cumulative counters of one side at one instant; two samples a second apart make a status line.</summary>
/// <param name="VideoFrames">Video frames sent (device) or received (app).</param>
/// <param name="VideoBytes">Their bytes.</param>
/// <param name="AudioBytesOut">Opus bytes sent.</param>
/// <param name="AudioBytesIn">Opus bytes received.</param>
/// <param name="AudioFramesStale">Audio frames our sender dropped because it read them too late (a stalled pump).</param>
public readonly record struct StatusSample(long VideoFrames, long VideoBytes, long AudioBytesOut, long AudioBytesIn, long AudioFramesStale = 0)
{
    /// <summary>
    /// The status line: <c>status: STATE  video F fps K kbit/s  audio O kbit/s out I kbit/s in  rtt R ms</c>, and
    /// <c>  audio N stale</c> when the sender dropped audio frames it read too late in the interval (their gap is what
    /// the receiver's jitter buffer and lip sync then have to absorb).
    /// </summary>
    public static string Line(SessionState state, StatusSample previous, StatusSample current, TimeSpan elapsed, TimeSpan? rtt)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var fps = (current.VideoFrames - previous.VideoFrames) / seconds;
        var video = Kbps(current.VideoBytes - previous.VideoBytes, seconds);
        var audioOut = Kbps(current.AudioBytesOut - previous.AudioBytesOut, seconds);
        var audioIn = Kbps(current.AudioBytesIn - previous.AudioBytesIn, seconds);
        var roundTrip = rtt is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r.TotalMilliseconds:0.0} ms") : "- ms";
        var stale = current.AudioFramesStale - previous.AudioFramesStale;
        return string.Create(CultureInfo.InvariantCulture,
            $"status: {state.ToString().ToLowerInvariant()}  video {fps:0.0} fps {video:0} kbit/s  audio {audioOut:0} kbit/s out {audioIn:0} kbit/s in  rtt {roundTrip}{(stale > 0 ? $"  audio {stale} stale" : "")}");
    }

    private static double Kbps(long bytes, double seconds) => bytes * 8 / 1000.0 / seconds;
}
