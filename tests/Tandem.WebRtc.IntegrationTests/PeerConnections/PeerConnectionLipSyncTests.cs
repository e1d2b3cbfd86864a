using System.Diagnostics;
using Tandem.Common.Time;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>The device's SRs come from its capture clocks, so the app's timeline lines audio up with video.</summary>
public sealed class PeerConnectionLipSyncTests
{
    [Fact]
    public async Task ReportClocks_FromOneCaptureClock_AppTimelineMapsAudioAndVideoToThatClock()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 1.2, width: 160, height: 120);
            var origin = DateTimeOffset.UtcNow;
            var capture = Stopwatch.StartNew();
            RtpSenderReportClock Clock(int rate) => () =>
            {
                var elapsed = capture.Elapsed;
                return new RtpClockSample(NtpTime.FromDateTime(origin + elapsed), (uint)(elapsed.Ticks * rate / TimeSpan.TicksPerSecond));
            };
            var device = LoopbackPeers.Loopback(new RtcFeatures { DataChannel = false }, RtcEndpoint.Device) with
            {
                VideoReportClock = Clock(90_000),
                AudioReportClock = Clock(48_000),
                Cname = "glasses",
            };
            await using var peers = new LoopbackPeers(device, LoopbackPeers.Loopback(new RtcFeatures { DataChannel = false }, RtcEndpoint.App));
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            peers.Negotiate();
            await started.WaitAsync(LoopbackPeers.Timeout);

            await MediaSource.SendAsync(peers.Offerer, units, 60);
            var timeline = peers.Answerer.MediaTimeline!;
            var media = peers.Answerer.GetStats().Media!;
            var (videoSsrc, audioSsrc) = (media.VideoReceived!.Ssrc, media.AudioReceived!.Ssrc);
            var deadline = DateTime.UtcNow + LoopbackPeers.Timeout;
            RtpSenderReportMapping video = default, audio = default;
            while ((!timeline.TryGetMapping(videoSsrc, out video) || !timeline.TryGetMapping(audioSsrc, out audio)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(90_000, video.ClockRate);
            Assert.Equal(48_000, audio.ClockRate);
            Assert.InRange(RtpUnitsOff(video, origin), -2, 2);
            Assert.InRange(RtpUnitsOff(audio, origin), -2, 2);
            Assert.Contains("a=ssrc:", peers.Offerer.LocalDescription!.Sdp, StringComparison.Ordinal);
            // One CNAME for the video, its RTX repair stream (RFC 4588 §8) and the audio: what lip-syncs them.
            Assert.Equal(3, peers.Offerer.LocalDescription.Sdp.Split("cname:glasses").Length - 1);
            Assert.DoesNotMatch(@"cname:(?!glasses)", peers.Offerer.LocalDescription.Sdp);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>How far the SR's RTP time is from the capture clock's RTP time of the SR's NTP instant.</summary>
    private static long RtpUnitsOff(RtpSenderReportMapping mapping, DateTimeOffset origin)
    {
        var expected = (mapping.SenderTime - origin).Ticks * mapping.ClockRate / TimeSpan.TicksPerSecond;
        return (long)mapping.RtpTimestamp - expected;
    }
}
