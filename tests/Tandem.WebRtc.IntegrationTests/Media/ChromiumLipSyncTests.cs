using System.Globalization;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// Lip sync as Chromium's user sees and hears it: a white flash and a beep captured at the same
/// instant (our one capture clock, one CNAME, SRs from that clock) are shown and played together.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumLipSyncTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const double SyncBoundMs = 40;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    // The glasses' camera and hardware encoder deliver a frame some 80 ms after its capture instant
    // (its RTP timestamp); audio is sent 20 ms after capture. Chromium's A/V sync then starts close to
    // its target instead of moving its delays step by step for over ten seconds.
    private static readonly TimeSpan VideoLatency = TimeSpan.FromMilliseconds(80);

    [Fact]
    public async Task FlashAndBeepCapturedTogether_Chromium_ShowsAndPlaysThemWithin40Ms()
    {
        var time = new MediaTimebase();
        var options = ChromiumMediaSession.DeviceOptions(chromium, new RtcFeatures { DataChannel = false }, time);
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, options);
        var camera = new TestCamera(await MediaClips.LipSync);
        session.Ours.KeyframeRequested += camera.RequestKeyframe;

        await session.OfferFromUsAsync(micBack: false);
        await session.Browser.StartLipSyncProbeAsync();
        await session.WaitForMediaAsync();
        var pump = new DeviceMediaPump(session.Ours, time, camera, new LipSyncAudio(DeviceMediaPump.SampleRate)) { VideoLatency = VideoLatency };
        var run = pump.RunAsync(Duration);
        var playout = await SamplePlayoutAsync(session.Browser, run);
        await Task.Delay(500);
        var probe = await session.Browser.GetLipSyncProbeAsync();
        var stats = await session.Browser.GetStatsAsync();

        var flashes = probe.FlashTimes();
        // The probe hears the track through an AudioContext of its own, whose output latency comes on
        // top of the track's playout: take it off to get the time the track played the beep.
        var beeps = probe.Beeps.Select(b => b.PerformanceTime - ((probe.OutputLatency ?? 0) * 1000)).ToList();
        var expected = MediaClips.FlashFrames.Count(f => MediaClips.FrameTime(f) < Duration);
        output.WriteLine($"{ChromiumInboundVideo.From(stats)}\n{ChromiumInboundAudio.From(stats)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"probe: {probe.Frames.Count} frames, audio {probe.AudioState} (output latency {probe.OutputLatency * 1000:F1} ms), errors [{string.Join("; ", probe.Errors)}]\nflashes shown at [{string.Join(", ", flashes.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))}] ms, beeps heard at [{string.Join(", ", beeps.Select(b => b.ToString("F0", CultureInfo.InvariantCulture)))}] ms"));
        output.WriteLine("estimatedPlayoutTimestamp audio − video: " + string.Join(", ", playout.Select(d => d.ToString("F0", CultureInfo.InvariantCulture))));

        Assert.Equal(expected, flashes.Count);
        Assert.Equal(expected, beeps.Count);

        // The first pair comes while Chromium's A/V sync still converges (it moves its delays step by step); the later ones are steady.
        var skews = flashes.Zip(beeps, (flash, beep) => beep - flash).ToList();
        output.WriteLine("beep − flash: " + string.Join(", ", skews.Select(s => s.ToString("F1", CultureInfo.InvariantCulture))) + " ms");
        Assert.All(skews.Skip(1), s => Assert.InRange(s, -SyncBoundMs, SyncBoundMs));

        var steady = playout.Skip(playout.Count / 2).Order().ToList();
        Assert.NotEmpty(steady);
        Assert.InRange(steady[steady.Count / 2], -SyncBoundMs, SyncBoundMs);
    }

    /// <summary>
    /// Samples Chromium's estimatedPlayoutTimestamp of audio and video (both the sender's NTP time of
    /// what plays now) every 250 ms while <paramref name="run"/> sends; returns audio − video in ms.
    /// </summary>
    private static async Task<List<double>> SamplePlayoutAsync(BrowserPeer browser, Task run)
    {
        var differences = new List<double>();
        while (!run.IsCompleted)
        {
            var stats = await browser.GetStatsAsync();
            var audio = ChromiumInboundAudio.From(stats).EstimatedPlayoutTimestamp;
            var video = ChromiumInboundVideo.From(stats).EstimatedPlayoutTimestamp;
            if (audio > 0 && video > 0)
            {
                differences.Add(audio - video);
            }

            await Task.WhenAny(run, Task.Delay(250));
        }

        await run;
        return differences;
    }
}
