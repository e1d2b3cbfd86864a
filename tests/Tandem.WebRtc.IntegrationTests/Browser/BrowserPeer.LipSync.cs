namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>A remote video frame as the page showed it (requestVideoFrameCallback), with its mean luma 0–255.</summary>
public sealed record ProbeFrame(double? RtpTimestamp, double ExpectedDisplayTime, double PresentationTime, double Luma, bool Bright);

/// <summary>A beep onset in the remote audio: AudioContext time and the performance.now() time it is heard.</summary>
public sealed record ProbeBeep(double ContextTime, double PerformanceTime);

/// <summary>What the lip-sync probe saw so far (times in the page's performance.now() milliseconds).</summary>
public sealed record LipSyncProbeResult(
    IReadOnlyList<ProbeFrame> Frames, IReadOnlyList<ProbeBeep> Beeps, IReadOnlyList<string> Errors, string? AudioState, double? OutputLatency)
{
    /// <summary>The display time of the first bright frame of each run of bright frames.</summary>
    public IReadOnlyList<double> FlashTimes() =>
        [.. Frames.Where((f, i) => f.Bright && (i == 0 || !Frames[i - 1].Bright)).Select(f => f.ExpectedDisplayTime)];
}

public sealed partial class BrowserPeer
{
    /// <summary>
    /// Starts watching the remote video (frames with mean luma ≥ <paramref name="lumaThreshold"/> are
    /// flashes) and the remote audio (onsets of samples ≥ <paramref name="levelThreshold"/> of full
    /// scale after 200 ms below it are beeps). See Pages/lipsync.js.
    /// </summary>
    public Task StartLipSyncProbeAsync(double lumaThreshold = 200, double levelThreshold = 0.2, TimeSpan? timeout = null) =>
        CallAsync<bool>("startLipSyncProbe", lumaThreshold, levelThreshold, Milliseconds(timeout));

    public Task<LipSyncProbeResult> GetLipSyncProbeAsync() => CallAsync<LipSyncProbeResult>("lipSyncProbe");
}
