namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>A remote video frame as the page showed it (requestVideoFrameCallback), with its mean luma 0–255.</summary>
public sealed record ProbeFrame(double? RtpTimestamp, double ExpectedDisplayTime, double PresentationTime, double Luma, bool Bright);

/// <summary>A beep onset in the remote audio: AudioContext time and the performance.now() time it is heard.</summary>
public sealed record ProbeBeep(double ContextTime, double PerformanceTime);

/// <summary>What the lip-sync probe saw so far (times in the page's performance.now() milliseconds).</summary>
public sealed record LipSyncProbeResult(
    IReadOnlyList<ProbeFrame> Frames, IReadOnlyList<ProbeBeep> Beeps, IReadOnlyList<string> Errors, string? AudioState, double? OutputLatency)
{
    /// <summary>
    /// When each flash was shown: for each RTP timestamp in <paramref name="flashStarts"/> (90 kHz, the
    /// flash's first picture), the display time of the first bright frame shown within
    /// <paramref name="flashLength"/> after it, moved back by its distance from the flash's start (a
    /// compositor may skip a frame that came within the same display refresh as the next).
    /// </summary>
    public IReadOnlyList<double> FlashTimes(IReadOnlyList<uint> flashStarts, TimeSpan flashLength) =>
        [.. flashStarts.Select(start => Frames
            .Where(f => f.Bright && f.RtpTimestamp is not null)
            .Select(f => (Frame: f, Offset: unchecked((uint)f.RtpTimestamp!.Value - start)))
            .Where(f => f.Offset < flashLength.TotalSeconds * 90_000)
            .Select(f => f.Frame.ExpectedDisplayTime - (f.Offset / 90.0))
            .DefaultIfEmpty(double.NaN)
            .First())];
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

    /// <summary>
    /// Sets RTCRtpReceiver.jitterBufferTarget of every receiver: the least playout delay Chromium
    /// keeps (its A/V sync adds to it); returns the targets as read back.
    /// </summary>
    public Task<IReadOnlyList<double?>> SetJitterBufferTargetAsync(TimeSpan target) =>
        CallAsync<IReadOnlyList<double?>>("setJitterBufferTarget", target.TotalMilliseconds);

    public Task<LipSyncProbeResult> GetLipSyncProbeAsync() => CallAsync<LipSyncProbeResult>("lipSyncProbe");
}
