using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>Transport-wide congestion control between two sessions over capture transports, on a fake clock.</summary>
[Collection(DatagramPoolCollection.Name)]
public sealed class TransportFeedbackMediaPathTests(H264ClipFixture clip) : IClassFixture<H264ClipFixture>
{
    private const byte VideoPayloadType = 96;
    private const int TransportId = 3;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Send_EveryPacketAndResend_CarriesTheNextTransportNumberInSendOrder()
    {
        using var pair = new Pair(_time, TransportId);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions
        {
            Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, Mid = "0", MidExtensionId = 4, RtxSsrc = 10, RtxPayloadType = 97,
        });
        _ = new H264RtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, RtxPayloadType = 97 }, _ => { });
        Assert.True(sender.SendAsync(clip.AccessUnits[0], 0).IsCompletedSuccessfully);
        Assert.True(sender.SendAsync(clip.AccessUnits[1], 3000).IsCompletedSuccessfully);
        var packets = pair.Wire.Count;
        for (var i = 0; i < packets; i++)
        {
            if (i != 1)
            {
                pair.Back.Deliver(pair.Wire[i]);
            }
        }

        // B's NACK brings the resend on RTX: it too takes the next transport-wide number.
        var nack = Enumerable.Range(0, pair.Back.Count).Select(i => pair.Back[i].ToArray()).Single(d => SrtpSession.IsRtcp(d));
        pair.Wire.Deliver(nack);
        Assert.Equal(packets + 1, pair.Wire.Count);

        var numbers = Enumerable.Range(0, pair.Wire.Count).Select(i => pair.TransportNumberOf(pair.Wire[i])).ToList();
        var first = numbers[0];
        Assert.Equal(Enumerable.Range(0, numbers.Count).Select(i => (ushort)(first + i)), numbers);
    }

    [Fact]
    public void Receive_PeerPacketsWithTransportNumbers_FeedbackFlowsBackAndFeedsTheEstimator()
    {
        using var pair = new Pair(_time, TransportId);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions { Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate });
        _ = new H264RtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate }, _ => { });
        var targets = new List<long>();
        pair.A.TargetBitrateChanged += targets.Add;

        // 3 s of the clip at 30 fps, delivered at once each frame; B reports every 50 ms.
        var delivered = 0;
        for (var frame = 0; frame < 90; frame++)
        {
            Assert.True(sender.SendAsync(clip.AccessUnits[frame % clip.AccessUnits.Count], (uint)(frame * 3000)).IsCompletedSuccessfully);
            for (; delivered < pair.Wire.Count; delivered++)
            {
                pair.Back.Deliver(pair.Wire[delivered]);
            }

            var before = pair.Back.Count;
            _time.Advance(TimeSpan.FromMilliseconds(33));
            for (var i = before; i < pair.Back.Count; i++)
            {
                pair.Wire.Deliver(pair.Back[i]);
            }
        }

        Assert.True(pair.B.TransportFeedbacksSent >= 40, $"{pair.B.TransportFeedbacksSent} feedback packets");
        Assert.Equal(pair.B.TransportFeedbacksSent, pair.A.TransportFeedbacksReceived);
        Assert.NotNull(pair.A.BandwidthEstimator.AckedBitrate);
        Assert.Equal(Tandem.WebRtc.Congestion.BandwidthUsage.Normal, pair.A.BandwidthEstimator.Usage);
        Assert.Equal(0, pair.A.BandwidthEstimator.LossFraction);
        Assert.NotNull(pair.A.SentBitrate);
    }

    [Fact]
    public void OnTransportFeedbackAndRemb_Warm_AllocateNothingAndRembCapsTheTarget()
    {
        using var pair = new Pair(_time, TransportId);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions { Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate });
        Assert.True(sender.SendAsync(clip.AccessUnits[0], 0).IsCompletedSuccessfully);
        var first = pair.TransportNumberOf(pair.Wire[0]);
        var count = pair.Wire.Count;
        long[] arrivals = [.. Enumerable.Range(0, count).Select(i => 1_000_000L + (i * 100))];
        var plain = new byte[1500];
        Assert.True(RtcpTransportFeedback.TryWrite(plain, 77, 9, first, 0, arrivals, out var written, out _));
        var feedback = plain[..written];
        var targets = new List<long>(4);
        pair.A.TargetBitrateChanged += targets.Add;
        pair.Wire.Deliver(pair.ProtectRtcp(feedback));
        var again = pair.ProtectRtcp(feedback);
        var remb = pair.ProtectRtcp(Remb300Kbps);

        var before = GC.GetAllocatedBytesForCurrentThread();
        pair.Wire.Deliver(again);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        pair.Wire.Deliver(remb);

        Assert.Equal(0, allocated);
        Assert.Equal(2, pair.A.TransportFeedbacksReceived);
        Assert.Equal(300_000, pair.A.BandwidthEstimator.TargetBitrate);
        Assert.Equal([300_000L], targets);
    }

    [Fact]
    public void Pacing_KeyframeOfManyPackets_LeavesOverTimeInOrderAndTheWarmPathAllocatesNothing()
    {
        using var pair = new Pair(_time, TransportId, pacing: true, startBitrate: 500_000);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions { Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate });
        var keyframe = clip.AccessUnits[0];
        Assert.True(keyframe.Length > 8_000, $"the keyframe has {keyframe.Length} bytes");
        Pace(sender, keyframe, 0);
        var warm = RtpCount(pair.Wire);
        pair.Wire.Clear();

        // 500 kbit/s start × 2.5: the first 40 ms of budget (about 6.3 kB) leaves at once, the rest over time.
        Assert.True(sender.SendAsync(keyframe, 3000).IsCompletedSuccessfully);

        // The hand-over of the next frame while the pacer's timer runs (arming the fake clock's timer allocates on its own).
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(sender.SendAsync(clip.AccessUnits[1], 6000).IsCompletedSuccessfully);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        for (var i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        pair.Wire.Clear();
        Assert.True(sender.SendAsync(keyframe, 9000).IsCompletedSuccessfully);
        var atOnce = RtpCount(pair.Wire);
        for (var i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.InRange(atOnce, 1, 7);
        Assert.True(warm > atOnce + 1, $"{warm} packets, {atOnce} at once");
        Assert.Equal(warm, RtpCount(pair.Wire));
        Assert.Equal(0, pair.A.Pacer!.QueuedPackets);
        Assert.Equal(0, allocated);
        var numbers = Enumerable.Range(0, pair.Wire.Count).Where(i => !SrtpSession.IsRtcp(pair.Wire[i])).Select(i => pair.TransportNumberOf(pair.Wire[i])).ToList();
        Assert.Equal(numbers.Order(), numbers);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Probing_FreeLink_RaisesTheTargetToTwiceTheStartRateWithinASecond(bool probing)
    {
        // Without probes the rate controller grows 8 %/s; the initial probe (3× and 6× the start rate, then twice each result
        // up to twice the media's expected most, set high here so that later clusters outrun the queued video and need
        // padding) finds the free link at once. Padding-only RTX packets reach the receiver as empty retransmissions and
        // break nothing.
        using var pair = new Pair(_time, TransportId, pacing: true, startBitrate: 300_000, probing: probing, expectedMediaBitrate: 6_000_000);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions
        {
            Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, Mid = "0", MidExtensionId = 4, RtxSsrc = 10, RtxPayloadType = 97,
        });
        var damaged = 0;
        var receiver = new H264RtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, RtxPayloadType = 97 }, f => damaged += f.IsDamaged ? 1 : 0);
        RunFreeLink(pair, sender, milliseconds: 1000);

        var target = pair.A.BandwidthEstimator.TargetBitrate;
        if (!probing)
        {
            Assert.InRange(target, 300_000, 400_000);
            Assert.Equal(0, pair.A.ProbeClustersSent);
            Assert.Equal(0, receiver.Stream.EmptyRetransmissionsReceived);
            return;
        }

        Assert.True(target >= 540_000, $"target {target} bit/s after {pair.A.ProbeClustersSent} probes, {pair.A.ProbeResults} results");
        Assert.True(pair.A.ProbeResults >= 1, $"{pair.A.ProbeResults} results");
        Assert.Equal(0, damaged);
        Assert.Equal(0, receiver.Stream.PacketsSkipped);
        Assert.Equal(0, pair.B.UnroutedPackets);
        Assert.Equal(0, pair.B.DroppedDatagrams);

        // RFC 3550 §5.1 padding on the RTX stream: P bit, no payload, the last octet counting the padding; a transport number.
        var padding = Enumerable.Range(0, pair.Wire.Count).Where(i => !SrtpSession.IsRtcp(pair.Wire[i])).Select(i => pair.Unprotect(pair.Wire[i]))
            .Where(p => RtpPacket.TryParse(p, out var rtp) && rtp.Ssrc == 10 && rtp.Payload.IsEmpty).ToList();
        Assert.NotEmpty(padding);
        Assert.Equal(padding.Count, receiver.Stream.EmptyRetransmissionsReceived);
        Assert.All(padding, p =>
        {
            Assert.True(RtpPacket.TryParse(p, out var rtp));
            Assert.True(rtp.HasPadding);
            Assert.Equal(97, rtp.PayloadType);
            Assert.InRange(rtp.PaddingLength, 1, 255);
            Assert.Equal(rtp.PaddingLength, p[^1]);
            Assert.True(RtpTransportSequenceNumber.TryRead(rtp, TransportId, out _));
        });
    }

    [Fact]
    public void Probing_FreeLinkFromTheDefaultStart_ReachesTheExpectedMediaRateWithinASecond()
    {
        // The start rate is low (a narrow link must not be overrun); the initial probes, capped by the media's expected
        // most rather than by the start, find a free link at once.
        var defaults = new RtpMediaSessionOptions();
        using var pair = new Pair(_time, TransportId, pacing: true, startBitrate: defaults.StartBitrate);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions
        {
            Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, Mid = "0", MidExtensionId = 4, RtxSsrc = 10, RtxPayloadType = 97,
        });
        _ = new H264RtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, RtxPayloadType = 97 }, _ => { });
        RunFreeLink(pair, sender, milliseconds: 1000);

        var target = pair.A.BandwidthEstimator.TargetBitrate;
        Assert.True(defaults.StartBitrate < defaults.ExpectedMediaBitrate, $"start {defaults.StartBitrate}");
        Assert.True(target >= defaults.ExpectedMediaBitrate, $"target {target} bit/s after {pair.A.ProbeClustersSent} probes, {pair.A.ProbeResults} results");
    }

    [Fact]
    public void Probing_AudioFlowsBeforeTheFirstVideoPacket_TheInitialProbeWaitsForTheVideo()
    {
        // A device's audio starts before its encoder's first keyframe, so the first feedbacks cover audio alone. A probe
        // started then found no padding to send (padding takes the video's timestamp), was dropped, and the rate grew
        // 8 %/s from the start rate for good.
        var defaults = new RtpMediaSessionOptions();
        using var pair = new Pair(_time, TransportId, pacing: true, startBitrate: defaults.StartBitrate);
        var audio = new OpusRtpSender(pair.A, new RtpSenderOptions { Ssrc = 5, PayloadType = 111, ClockRate = OpusRtp.ClockRate, Mid = "1", MidExtensionId = 4 });
        var video = new H264RtpSender(pair.A, new RtpSenderOptions
        {
            Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, Mid = "0", MidExtensionId = 4, RtxSsrc = 10, RtxPayloadType = 97,
        });
        _ = new OpusRtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = 111, ClockRate = OpusRtp.ClockRate, Nack = false }, (_, _, _) => { });
        _ = new H264RtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, RtxPayloadType = 97 }, _ => { });
        RunFreeLink(pair, 400, ms =>
        {
            if (ms % 20 == 0)
            {
                Assert.True(audio.SendAsync(new byte[80], (uint)(ms * 48)).IsCompletedSuccessfully);
            }
        });

        Assert.True(pair.A.TransportFeedbacksReceived > 0, "no feedback for the audio");
        Assert.Equal(0, pair.A.ProbeClustersSent);

        RunFreeLink(pair, video, milliseconds: 1000);

        var target = pair.A.BandwidthEstimator.TargetBitrate;
        Assert.True(target >= defaults.ExpectedMediaBitrate, $"target {target} bit/s after {pair.A.ProbeClustersSent} probes, {pair.A.ProbeResults} results");
    }

    [Fact]
    public void Probing_WithoutRtx_SendsNoProbe()
    {
        using var pair = new Pair(_time, TransportId, pacing: true, startBitrate: 300_000);
        var sender = new H264RtpSender(pair.A, new RtpSenderOptions { Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate });
        _ = new H264RtpReceiver(pair.B, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate }, _ => { });
        RunFreeLink(pair, sender, milliseconds: 300);

        Assert.True(pair.A.TransportFeedbacksReceived > 0);
        Assert.Equal(0, pair.A.ProbeClustersSent);
    }

    // 30 fps of the clip through an instant link both ways, 1 ms at a time.
    private void RunFreeLink(Pair pair, H264RtpSender sender, int milliseconds) => RunFreeLink(pair, milliseconds, ms =>
    {
        if (ms % 33 == 0)
        {
            Assert.True(sender.SendAsync(clip.AccessUnits[(ms / 33) % clip.AccessUnits.Count], (uint)(ms * 90)).IsCompletedSuccessfully);
        }
    });

    // An instant link both ways, 1 ms at a time; each millisecond starts with what the sender does then.
    private void RunFreeLink(Pair pair, int milliseconds, Action<int> send)
    {
        int wire = 0, back = 0;
        for (var ms = 0; ms < milliseconds; ms++)
        {
            send(ms);
            for (; wire < pair.Wire.Count; wire++)
            {
                pair.Back.Deliver(pair.Wire[wire]);
            }

            for (; back < pair.Back.Count; back++)
            {
                pair.Wire.Deliver(pair.Back[back]);
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    private static int RtpCount(CaptureTransport wire) => Enumerable.Range(0, wire.Count).Count(i => !SrtpSession.IsRtcp(wire[i]));

    private void Pace(H264RtpSender sender, ReadOnlyMemory<byte> frame, uint timestamp)
    {
        Assert.True(sender.SendAsync(frame, timestamp).IsCompletedSuccessfully);
        for (var i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }
    }

    // REMB (draft-alvestrand-rmcat-remb-03 §2.2): "REMB", 1 SSRC, exponent 2 and mantissa 75 000 = 300 000 bit/s.
    private static readonly byte[] Remb300Kbps =
    [
        0x8F, 206, 0, 5, 0, 0, 0, 77, 0, 0, 0, 0, (byte)'R', (byte)'E', (byte)'M', (byte)'B',
        1, (2 << 2) | (75_000 >> 16), (75_000 >> 8) & 0xFF, 75_000 & 0xFF, 0, 0, 0, 9,
    ];

    private sealed class Pair : IDisposable
    {
        private readonly byte[] _material;
        private readonly SrtpProfile _profile = SrtpProfile.AeadAes128Gcm;
        private readonly SrtpSession _injector;

        public Pair(TimeProvider time, int transportId, bool pacing = false, long startBitrate = 1_500_000, bool probing = true, long? expectedMediaBitrate = null)
        {
            _material = RandomNumberGenerator.GetBytes(_profile.KeyingMaterialLength());
            var options = new RtpMediaSessionOptions
            {
                TimeProvider = time, TransportSequenceExtensionId = transportId, Pacing = pacing, StartBitrate = startBitrate, Probing = probing,
            };
            options = expectedMediaBitrate is { } expected ? options with { ExpectedMediaBitrate = expected } : options;
            A = new RtpMediaSession(Wire, SrtpSession.FromDtlsKeyingMaterial(_profile, _material, true), options);
            B = new RtpMediaSession(Back, SrtpSession.FromDtlsKeyingMaterial(_profile, _material, false), options);
            TransportId = transportId;
            _injector = SrtpSession.FromDtlsKeyingMaterial(_profile, _material, false);
        }

        public CaptureTransport Wire { get; } = new(8192);

        public CaptureTransport Back { get; } = new(8192);

        public RtpMediaSession A { get; }

        public RtpMediaSession B { get; }

        private int TransportId { get; }

        public ushort TransportNumberOf(ReadOnlySpan<byte> srtp)
        {
            Assert.True(RtpPacket.TryParse(Unprotect(srtp), out var packet));
            Assert.True(RtpTransportSequenceNumber.TryRead(packet, TransportId, out var number));
            return number;
        }

        /// <summary>An RTP packet A sent, in the clear.</summary>
        public byte[] Unprotect(ReadOnlySpan<byte> srtp)
        {
            using var context = SrtpSession.FromDtlsKeyingMaterial(_profile, _material, false);
            var copy = srtp.ToArray();
            Assert.Equal(System.Buffers.OperationStatus.Done, context.UnprotectRtp(copy, out var length));
            return copy[..length];
        }

        /// <summary>An RTCP packet protected as B would send it (one SRTCP context of B's keys, so each gets the next index).</summary>
        public byte[] ProtectRtcp(byte[] rtcp)
        {
            var buffer = new byte[1500];
            rtcp.CopyTo(buffer, 0);
            Assert.Equal(System.Buffers.OperationStatus.Done, _injector.ProtectRtcp(buffer, rtcp.Length, out var written));
            return buffer[..written];
        }

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
            _injector.Dispose();
        }
    }
}
