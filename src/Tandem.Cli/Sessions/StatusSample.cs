using System.Globalization;
using Tandem.Client.Sessions;
using Tandem.WebRtc.PeerConnections;

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
    /// the receiver's jitter buffer and lip sync then have to absorb); then, on a side that sends media over
    /// transport-wide congestion control, <c>  target T kbit/s queue Q ms</c>: the bandwidth estimate and the
    /// standing queue it sees on the path.
    /// </summary>
    public static string Line(SessionState state, StatusSample previous, StatusSample current, TimeSpan elapsed, TimeSpan? rtt, RtcBandwidthStats? bandwidth = null)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var fps = (current.VideoFrames - previous.VideoFrames) / seconds;
        var video = Kbps(current.VideoBytes - previous.VideoBytes, seconds);
        var audioOut = Kbps(current.AudioBytesOut - previous.AudioBytesOut, seconds);
        var audioIn = Kbps(current.AudioBytesIn - previous.AudioBytesIn, seconds);
        var roundTrip = rtt is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r.TotalMilliseconds:0.0} ms") : "- ms";
        var stale = current.AudioFramesStale - previous.AudioFramesStale;
        return string.Create(CultureInfo.InvariantCulture,
            $"status: {state.ToString().ToLowerInvariant()}  video {fps:0.0} fps {video:0} kbit/s  audio {audioOut:0} kbit/s out {audioIn:0} kbit/s in  rtt {roundTrip}{(stale > 0 ? $"  audio {stale} stale" : "")}{Estimate(bandwidth)}");
    }

    // Only once feedback arrived: before it the target is the start rate and the queue unknown.
    private static string Estimate(RtcBandwidthStats? bandwidth) => bandwidth is { TransportFeedbacksReceived: > 0 } b
        ? string.Create(CultureInfo.InvariantCulture, $"  target {b.TargetBitrate / 1000.0:0} kbit/s queue {b.QueueDelay.TotalMilliseconds:0} ms")
        : "";

    private static double Kbps(long bytes, double seconds) => bytes * 8 / 1000.0 / seconds;
}
