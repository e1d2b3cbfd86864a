using System.Globalization;
using System.Net;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;
using BrowserSdp = Tandem.WebRtc.IntegrationTests.Browser.Sdp;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// Lip sync through two of our PeerConnections (device → app): the app finds the flashes in the
/// pictures it received and the beeps in the sound it decoded, and its <c>MediaTimeline</c> must put
/// each flash and its beep within 20 ms of each other.
/// </summary>
[Trait("Category", "Media")]
public sealed class LipSyncPeerConnectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan SyncBound = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task FlashAndBeepCapturedTogether_OurApp_TimelinePutsThemWithin20Ms()
    {
        var time = new MediaTimebase();
        var features = new RtcFeatures { DataChannel = false };
        await using var device = new PeerConnection(new PeerConnectionOptions
        {
            LocalAddresses = [IPAddress.Loopback],
            Features = features,
            Endpoint = RtcEndpoint.Device,
            Cname = "tandem-device",
            VideoReportClock = time.VideoReportClock,
            AudioReportClock = time.AudioReportClock,
        });
        await using var app = new PeerConnection(new PeerConnectionOptions
        {
            LocalAddresses = [IPAddress.Loopback],
            Features = features,
            Endpoint = RtcEndpoint.App,
        });
        device.IceCandidate += c => app.AddIceCandidate(c);
        app.IceCandidate += c => device.AddIceCandidate(c);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        device.MediaStarted += () => started.TrySetResult();
        var received = new LipSyncRecorder(app, DeviceMediaPump.SampleRate);
        var camera = new TestCamera(await MediaClips.LipSync);
        device.KeyframeRequested += camera.RequestKeyframe;

        var offer = device.CreateOffer();
        device.SetLocalDescription(offer);
        app.SetRemoteDescription(offer);
        var answer = app.CreateAnswer();
        app.SetLocalDescription(answer);
        device.SetRemoteDescription(answer);
        await started.Task.WaitAsync(ChromiumMediaSession.Timeout);
        var pump = new DeviceMediaPump(device, time, camera, new LipSyncAudio(DeviceMediaPump.SampleRate));
        await pump.RunAsync(Duration);
        await Task.Delay(300);

        var timeline = Assert.IsType<Tandem.WebRtc.Media.RtpMediaTimeline>(app.MediaTimeline);
        var videoSsrc = Ssrc(offer.Sdp, "video");
        var audioSsrc = Ssrc(offer.Sdp, "audio");
        var flashes = received.FlashTimestamps();
        var beeps = received.BeepTimestamps;
        var sent = pump.Frames.Where(f => MediaClips.FlashFrames.Contains(f.Frame.Index)).Select(f => f.RtpTimestamp).ToList();
        output.WriteLine($"{flashes.Count} of {sent.Count} flashes and {beeps.Count} beeps found; {received.DamagedOrSkipped} frames damaged or skipped up to an IDR\n{app.GetStats().Media?.VideoReceived}");

        // Every flash found is one the device stamped with a flash instant; with no damage, all are found.
        Assert.Subset(sent.ToHashSet(), flashes.ToHashSet());
        if (received.DamagedOrSkipped == 0)
        {
            Assert.Equal(sent, flashes);
        }

        Assert.NotEmpty(flashes);
        foreach (var flash in flashes)
        {
            Assert.True(timeline.TryGetPresentationTime(videoSsrc, flash, out var shown), "the flash is on the timeline");
            var heard = beeps.Select(b => timeline.TryGetPresentationTime(audioSsrc, b, out var t) ? t : DateTimeOffset.MaxValue)
                .MinBy(t => Math.Abs((t - shown).Ticks));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flash rtp {flash} shown {shown:HH:mm:ss.fff}; nearest beep heard {heard:HH:mm:ss.fff}; beep − flash {(heard - shown).TotalMilliseconds:F1} ms"));
            Assert.InRange(heard - shown, -SyncBound, SyncBound);
        }
    }

    /// <summary>The SSRC our offer announces for the <paramref name="kind"/> section (a=ssrc, RFC 5576).</summary>
    private static uint Ssrc(string sdp, string kind) =>
        uint.Parse(
            BrowserSdp.MediaSections(sdp).Single(s => BrowserSdp.Kind(s) == kind)
                .First(l => l.StartsWith("a=ssrc:", StringComparison.Ordinal))[7..].Split(' ')[0],
            CultureInfo.InvariantCulture);
}
