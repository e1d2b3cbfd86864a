extern alias TandemMedia;

using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using TandemMedia::Tandem.Media.Clock;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.Srtp;
using Tandem.WebRtc.Transports;
using Xunit.Abstractions;

namespace Tandem.WebRtc.Tests.Media;

public sealed class LipSyncMediaPathTests(LipSyncClip clip, ITestOutputHelper output) : IClassFixture<LipSyncClip>
{
    private const byte VideoPayloadType = 102;
    private const byte AudioPayloadType = 111;
    private static readonly TimeSpan AudioStartsAfterVideo = TimeSpan.FromMilliseconds(7);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData(30, 70)]
    [InlineData(90, 30)]
    public async Task FlashAndBeep_DifferentNetworkDelays_MapToTheSameSenderInstantAndPresentationTime(int videoDelayMs, int audioDelayMs)
    {
        var videoDelay = TimeSpan.FromMilliseconds(videoDelayMs);
        var audioDelay = TimeSpan.FromMilliseconds(audioDelayMs);

        // Two unrelated wall clocks: the glasses' (sender) and the phone's (receiver and network).
        var senderTime = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var receiverTime = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 13, 30, 0, TimeSpan.Zero));
        var link = new LipSyncLink(
            receiverTime,
            datagram => !SrtpSession.IsRtcp(datagram.Span) && (datagram.Span[1] & 0x7F) == AudioPayloadType ? audioDelay : videoDelay,
            _ => videoDelay);
        using var demuxA = new DatagramDemux(link.A);
        using var demuxB = new DatagramDemux(link.B);
        var material = RandomNumberGenerator.GetBytes(SrtpProfile.AeadAes128Gcm.KeyingMaterialLength());
        using var glasses = new RtpMediaSession(demuxA.Rtp, SrtpSession.FromDtlsKeyingMaterial(SrtpProfile.AeadAes128Gcm, material, isDtlsClient: true), Options(senderTime));
        using var phone = new RtpMediaSession(demuxB.Rtp, SrtpSession.FromDtlsKeyingMaterial(SrtpProfile.AeadAes128Gcm, material, isDtlsClient: false), Options(receiverTime));

        // Sender: one capture clock, a random RTP offset per stream, SRs sampled from that clock.
        var clock = new MediaClock(senderTime);
        var videoClock = clock.CreateRtpClock(90_000);
        var audioClock = clock.CreateRtpClock(OpusRtp.ClockRate);
        var video = new H264RtpSender(glasses, SenderOptions(0x5151_0001, VideoPayloadType, videoClock, clock));
        var audio = new OpusRtpSender(glasses, SenderOptions(0x5151_0002, AudioPayloadType, audioClock, clock) with { HistoryCapacity = 0 });
        var videoPacer = FramePacer.ForRate(clock, LipSyncClip.FramesPerSecond, paced: false);
        var frameInstants = new List<MediaInstant>();
        for (var i = 0; i < clip.AccessUnits.Count; i++)
        {
            frameInstants.Add(await videoPacer.NextAsync());
        }

        var audioStart = frameInstants[0] + AudioStartsAfterVideo;
        var flashInstant = frameInstants[LipSyncClip.FlashFrame];
        var beepStart = (int)((flashInstant - audioStart).Ticks * LipSyncClip.SampleRate / TimeSpan.TicksPerSecond);
        var pcm = LipSyncClip.BeepAudio(beepStart);
        using var encoder = new OpusEncoder(new OpusEncoderOptions { SampleRate = LipSyncClip.SampleRate });
        var packetLength = TimeSpan.FromTicks(encoder.FrameSamples * TimeSpan.TicksPerSecond / LipSyncClip.SampleRate);
        var audioPackets = pcm.Length / encoder.FrameSamples;

        var received = new LipSyncReceiver(phone, receiverTime, VideoPayloadType, AudioPayloadType, LipSyncClip.SampleRate);
        var opus = new byte[OpusEncoder.MaxPacketSize];
        int sentFrames = 0, sentPackets = 0;
        var tail = TimeSpan.FromMilliseconds(300);
        while (sentFrames < frameInstants.Count || sentPackets < audioPackets || tail > TimeSpan.Zero)
        {
            var now = clock.Now;
            while (sentFrames < frameInstants.Count && frameInstants[sentFrames] <= now)
            {
                await video.SendAsync(clip.AccessUnits[sentFrames], videoClock.ToRtpTimestamp(frameInstants[sentFrames]));
                sentFrames++;
            }

            // An audio packet leaves once its 20 ms are captured; it is stamped with its first sample's instant.
            var packetStart = audioStart + (packetLength * sentPackets);
            while (sentPackets < audioPackets && packetStart + packetLength <= now)
            {
                var length = encoder.Encode(pcm.AsSpan(sentPackets * encoder.FrameSamples, encoder.FrameSamples), opus);
                await audio.SendAsync(opus.AsMemory(0, length), audioClock.ToRtpTimestamp(packetStart));
                sentPackets++;
                packetStart = audioStart + (packetLength * sentPackets);
            }

            if (sentFrames == frameInstants.Count && sentPackets == audioPackets)
            {
                tail -= Step;
            }

            senderTime.Advance(Step);
            receiverTime.Advance(Step);
            link.DeliverDue();
        }

        Assert.Equal(clip.AccessUnits.Count, received.Frames.Count);
        Assert.Equal(audioPackets, received.AudioPackets);

        // The receiver finds the flash in the pictures it got and the beep in the sound it decoded.
        var receivedFile = Path.Combine(clip.Directory.FullName, "received.h264");
        await File.WriteAllBytesAsync(receivedFile, received.VideoBytes.ToArray());
        var luma = LipSyncClip.MeanLuma(receivedFile);
        Assert.Equal(clip.AccessUnits.Count, luma.Length);
        var flashIndex = Array.IndexOf(luma, luma.Max());
        Assert.Equal(LipSyncClip.FlashFrame, flashIndex);
        Assert.True(luma[flashIndex] > luma.Where((_, i) => i != flashIndex).Max() + 50, "the flash stands out");
        var flash = received.Frames[flashIndex];
        var beep = Assert.NotNull(received.Beep);

        var unmapped = received.Frames.Count(f => f.SenderTime is null);
        Assert.InRange(unmapped, 1, LipSyncClip.FlashFrame - 1);
        Assert.All(received.Frames.Skip(unmapped), f => Assert.NotNull(f.PresentationTime));
        var mapped = beep.SenderTime!.Value - flash.SenderTime!.Value;
        var presented = beep.PresentationTime!.Value - flash.PresentationTime!.Value;
        var arrived = beep.Arrival - flash.Arrival;
        var lookahead = TimeSpan.FromTicks(encoder.Lookahead * TimeSpan.TicksPerSecond / LipSyncClip.SampleRate);
        output.WriteLine($"{unmapped} frames before the first SR; beep − flash: sender clock {mapped.TotalMilliseconds:F2} ms (Opus lookahead {lookahead.TotalMilliseconds:F2} ms), presentation {presented.TotalMilliseconds:F2} ms, raw arrival {arrived.TotalMilliseconds:F2} ms");

        Assert.InRange(mapped, TimeSpan.FromMilliseconds(-20), TimeSpan.FromMilliseconds(20));

        // What is left is the codec's own delay (the decoded beep starts one encoder lookahead late), to the 1 ms detection window.
        Assert.InRange(mapped - lookahead, TimeSpan.FromMilliseconds(-2), TimeSpan.FromMilliseconds(2));
        Assert.InRange(presented, TimeSpan.FromMilliseconds(-20), TimeSpan.FromMilliseconds(20));
        // Raw arrival times carry the network skew plus the audio packetization (the beep's packet leaves once full).
        var packetization = audioStart + (packetLength * ((beepStart / encoder.FrameSamples) + 1)) - flashInstant;
        Assert.Equal(audioDelay - videoDelay + packetization, arrived);
        Assert.True((arrived - mapped).Duration() >= TimeSpan.FromMilliseconds(35), $"raw arrival gap {arrived.TotalMilliseconds} ms");
        Assert.True(flash.PresentationTime >= flash.Arrival && beep.PresentationTime >= beep.Arrival, "both can still be played when they are due");

        // The flash frame maps to the sender time of its capture (to the NTP and 90 kHz rounding).
        Assert.InRange(flash.SenderTime.Value - clock.ToWallClock(flashInstant), TimeSpan.FromTicks(-200), TimeSpan.FromTicks(200));
        Assert.Equal(videoClock.ToRtpTimestamp(flashInstant), flash.RtpTimestamp);
    }

    private static RtpMediaSessionOptions Options(TimeProvider time) => new()
    {
        TimeProvider = time,
        Cname = "lipsync",
        ReportInterval = TimeSpan.FromMilliseconds(500),
    };

    private static RtpSenderOptions SenderOptions(uint ssrc, byte payloadType, RtpClock rtpClock, MediaClock clock) => new()
    {
        Ssrc = ssrc,
        PayloadType = payloadType,
        ClockRate = rtpClock.ClockRate,
        ReportClock = () =>
        {
            var times = clock.SampleSenderReportTimes(rtpClock);
            return new RtpClockSample(times.NtpTimestamp, times.RtpTimestamp);
        },
    };
}
