namespace Tandem.Cli.Options;

/// <summary>Everything <c>tandem device</c> was asked to do.</summary>
/// <param name="Common">Server, id, features, timing, network.</param>
/// <param name="Video"><c>testsrc</c> (ffmpeg test pattern), <c>-</c> (Annex-B on stdin) or an Annex-B file path (looped).</param>
/// <param name="FrameRate">Frames per second of the source.</param>
/// <param name="Width">Test pattern width.</param>
/// <param name="Height">Test pattern height.</param>
/// <param name="BitrateKbps">Test pattern bitrate.</param>
/// <param name="Audio"><c>tone</c>, <c>silence</c>, <c>alsa:DEVICE</c> or a 16-bit PCM WAV file path (looped).</param>
/// <param name="Play">Where the app's audio goes: a WAV file, <c>aplay</c> or <c>ffplay</c>; nowhere when null.</param>
/// <param name="FrameTimeline">Print a <c>frame:</c> line per video frame sent (<c>--frame-timeline</c>).</param>
/// <param name="MediaTrace">Print <c>trace:</c> lines: the video sender's counters every 50 ms and each frame sent, with their times (<c>--media-trace</c>).</param>
public sealed record DeviceOptions(
    SessionCommonOptions Common,
    string Video,
    double FrameRate,
    int Width,
    int Height,
    int BitrateKbps,
    string Audio,
    string? Play = null,
    bool FrameTimeline = false,
    bool MediaTrace = false);
