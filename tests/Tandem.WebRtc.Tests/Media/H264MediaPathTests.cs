using Tandem.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Media;

public sealed class H264MediaPathTests(H264ClipFixture clip) : IClassFixture<H264ClipFixture>
{
    private const byte VideoPayloadType = 102;
    private const uint VideoSsrc = 0x1234_5678;
    private const uint FirstTimestamp = 0xFFFF_0000;

    [Fact]
    public async Task SendAsync_AfterDtlsOverDemux_ReceiverWritesEveryFrameAndFfprobeDecodesThem()
    {
        await using var peers = await MediaPeerPair.ConnectWithDtlsAsync();
        var sender = new H264RtpSender(peers.A, SenderOptions());
        using var video = new ReceivedVideo(Path.Combine(clip.Directory.FullName, "received-clean.h264"), clip.AccessUnits.Count);
        _ = new H264RtpReceiver(peers.B, ReceiverOptions(), video.OnFrame);

        await SendClipAsync(sender);
        await video.Completed.WaitAsync(MediaPeerPair.Guard);

        Assert.Equal(clip.AccessUnits.Count, video.Frames);
        Assert.Equal(0, video.Damaged);
        Assert.Equal(2, video.Keyframes);
        Assert.Equal(Enumerable.Range(0, clip.AccessUnits.Count).Select(i => unchecked(FirstTimestamp + (uint)(i * 3000))), video.Timestamps);
        var (frames, errors) = FfmpegTool.CountDecodedFrames(video.Path);
        Assert.Equal(clip.AccessUnits.Count, frames);
        Assert.Equal(string.Empty, errors);
        Assert.Equal(0, peers.B.DroppedDatagrams);
    }

    [Fact]
    public async Task SendAsync_FivePercentRtpLoss_NackResendsRepairEveryFrame()
    {
        await using var peers = await MediaPeerPair.ConnectWithDtlsAsync();
        var sender = new H264RtpSender(peers.A, SenderOptions() with { HistoryMaxAge = TimeSpan.FromSeconds(10) });
        using var video = new ReceivedVideo(Path.Combine(clip.Directory.FullName, "received-lossy.h264"), clip.AccessUnits.Count);
        var receiver = new H264RtpReceiver(peers.B, ReceiverOptions() with
        {
            // Generous bounds: the repair must not depend on how busy the test machine is.
            ReorderDelay = TimeSpan.FromSeconds(10),
            NackOptions = new RtpNackOptions { MaxAge = TimeSpan.FromSeconds(10), MaxRetries = 100 },
        }, video.OnFrame);

        var random = new Random(7);
        var gate = new Lock();
        var dropping = true;
        var dropped = 0;
        peers.EndA.DropFilter = datagram =>
        {
            // Originals leave on the test thread, resends on the pipe's delivery thread: one lock for both.
            lock (gate)
            {
                // Only media packets are lost, not the DTLS handshake or RTCP; only the sender's side.
                if (!dropping || !MediaPeerPair.IsRtp(datagram) || random.NextDouble() >= 0.05)
                {
                    return false;
                }

                dropped++;
                return true;
            }
        };

        // A loss is only seen once a later packet arrives, so the last unit goes out loss-free.
        await SendClipAsync(sender, beforeLast: () =>
        {
            lock (gate)
            {
                dropping = false;
            }
        });
        await video.Completed.WaitAsync(MediaPeerPair.Guard);

        int droppedTotal;
        lock (gate)
        {
            droppedTotal = dropped;
        }

        Assert.True(droppedTotal > 0);
        Assert.Equal(clip.AccessUnits.Count, video.Frames);
        Assert.Equal(0, video.Damaged);
        Assert.True(receiver.Stream.NacksSent > 0);
        Assert.InRange(sender.Stream.NacksReceived, 1, receiver.Stream.NacksSent);
        Assert.True(sender.Stream.PacketsResent >= droppedTotal);
        Assert.Equal(0, receiver.Stream.PacketsSkipped);
        var (frames, errors) = FfmpegTool.CountDecodedFrames(video.Path);
        Assert.Equal(clip.AccessUnits.Count, frames);
        Assert.Equal(string.Empty, errors);
    }

    [Fact]
    public async Task RequestKeyframe_AfterFirstFrame_RaisesKeyframeRequestedOnSenderOnce()
    {
        await using var peers = await MediaPeerPair.ConnectWithDtlsAsync();
        var sender = new H264RtpSender(peers.A, SenderOptions() with { MinKeyframeInterval = TimeSpan.FromMinutes(1) });
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.KeyframeRequested += () => requested.TrySetResult();
        using var video = new ReceivedVideo(Path.Combine(clip.Directory.FullName, "received-pli.h264"), 1);
        var receiver = new H264RtpReceiver(peers.B, ReceiverOptions() with { MinKeyframeRequestInterval = TimeSpan.FromMinutes(1) }, video.OnFrame);

        await sender.SendAsync(clip.AccessUnits[0], FirstTimestamp);
        await video.Completed.WaitAsync(MediaPeerPair.Guard);

        Assert.True(receiver.RequestKeyframe());
        Assert.False(receiver.RequestKeyframe());
        await requested.Task.WaitAsync(MediaPeerPair.Guard);
        Assert.Equal(1, receiver.Stream.PictureLossIndicationsSent);
        Assert.Equal(1, sender.Stream.KeyframeRequestsReceived);
    }

    [Fact]
    public async Task LostPacketWithoutNack_DamagedFrameSendsPliAndSenderRaisesKeyframeRequested()
    {
        await using var peers = MediaPeerPair.ConnectWithKeys(Tandem.WebRtc.Srtp.SrtpProfile.Aes128CmHmacSha1_80);
        var sender = new H264RtpSender(peers.A, SenderOptions());
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.KeyframeRequested += () => requested.TrySetResult();
        using var video = new ReceivedVideo(Path.Combine(clip.Directory.FullName, "received-damaged.h264"), 3);
        var receiver = new H264RtpReceiver(peers.B, ReceiverOptions() with { Nack = false, ReorderDelay = TimeSpan.Zero }, video.OnFrame);
        var rtpPackets = 0;
        peers.EndA.DropFilter = datagram => MediaPeerPair.IsRtp(datagram) && ++rtpPackets == 3;

        // The keyframe spans many packets: losing its third leaves a hole only a new keyframe fixes.
        for (var i = 0; i < 4; i++)
        {
            await sender.SendAsync(clip.AccessUnits[i], (uint)(i * 3000));
        }

        await video.Completed.WaitAsync(MediaPeerPair.Guard);
        await requested.Task.WaitAsync(MediaPeerPair.Guard);

        Assert.True(video.Damaged >= 1);
        Assert.Equal(1, receiver.Stream.PictureLossIndicationsSent);
        Assert.Equal(0, receiver.Stream.NacksSent);
        Assert.Equal(0, sender.Stream.PacketsResent);
    }

    private static RtpSenderOptions SenderOptions() => new()
    {
        Ssrc = VideoSsrc,
        PayloadType = VideoPayloadType,
        ClockRate = H264RtpSender.ClockRate,
        Mid = "1",
        MidExtensionId = 4,
    };

    private static RtpReceiverOptions ReceiverOptions() => new()
    {
        PayloadType = VideoPayloadType,
        ClockRate = H264RtpSender.ClockRate,
    };

    private async Task SendClipAsync(H264RtpSender sender, Action? beforeLast = null)
    {
        for (var i = 0; i < clip.AccessUnits.Count; i++)
        {
            if (i == clip.AccessUnits.Count - 1)
            {
                beforeLast?.Invoke();
            }

            Assert.True(await sender.SendAsync(clip.AccessUnits[i], unchecked(FirstTimestamp + (uint)(i * 3000))) > 0);

            // Pace the units a little, as an encoder would, so feedback interleaves with media.
            await Task.Delay(5);
        }
    }
}
