using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>RFC 4588 retransmissions between two sessions over capture transports (no timers fire: the fake clock only moves when told).</summary>
public sealed class RtxMediaPathTests(H264ClipFixture clip) : IClassFixture<H264ClipFixture>
{
    private const byte VideoPayloadType = 96;
    private const byte RtxPayloadType = 97;
    private const uint VideoSsrc = 9;
    private const uint RtxSsrc = 10;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Nack_WithRtx_ResendGoesOnRtxStreamAndReceiverRestoresOriginal()
    {
        using var link = new Link(_time);
        var sender = new H264RtpSender(link.A, SenderOptions());
        var damaged = new List<bool>();
        var receiver = new H264RtpReceiver(link.B, ReceiverOptions(), frame => damaged.Add(frame.IsDamaged));
        var packets = link.SendTwoFrames(sender, clip);

        link.DeliverAllBut(packets, skip: 1);
        Assert.Empty(damaged);
        Assert.Equal(1, link.Back.Count);

        link.Wire.Deliver(link.Back[0]);
        Assert.Equal(packets + 1, link.Wire.Count);
        var resend = link.Unprotect(link.Wire[packets]);
        Assert.True(RtpPacket.TryParse(resend, out var rtx));
        Assert.Equal(RtxPayloadType, rtx.PayloadType);
        Assert.Equal(RtxSsrc, rtx.Ssrc);
        var original = link.Unprotect(link.Wire[1]);
        Assert.True(RtpPacket.TryParse(original, out var lost));
        Assert.Equal(lost.SequenceNumber, (ushort)((rtx.Payload[0] << 8) | rtx.Payload[1]));
        Assert.Equal(lost.Timestamp, rtx.Timestamp);

        link.Back.Clear();
        link.B_Receive(link.Wire[packets]);
        Assert.Equal([false, false], damaged);
        Assert.Equal(1, sender.Stream.PacketsResent);
        Assert.Equal(1, receiver.Stream.RetransmittedPacketsReceived);
        Assert.Equal(0, receiver.Stream.PacketsSkipped);
        Assert.Equal(0, link.B.UnroutedPackets);
    }

    [Fact]
    public void Nack_ForPacketOlderThanHistory_IsCountedAndNothingIsSent()
    {
        using var link = new Link(_time);
        var sender = new H264RtpSender(link.A, SenderOptions() with { HistoryMaxAge = TimeSpan.FromMilliseconds(500) });
        var receiver = new H264RtpReceiver(link.B, ReceiverOptions(), _ => { });
        var packets = link.SendTwoFrames(sender, clip);
        link.DeliverAllBut(packets, skip: 1);
        Assert.Equal(1, link.Back.Count);

        var nack = link.Back[0].ToArray();
        _time.Advance(TimeSpan.FromMilliseconds(600));
        var sentBefore = link.Wire.Count;
        link.Wire.Deliver(nack);

        Assert.Equal(sentBefore, link.Wire.Count);
        Assert.Equal(0, sender.Stream.PacketsResent);
        Assert.Equal(1, sender.Stream.ResendsUnavailable);
        Assert.Equal(1, sender.Stream.NacksReceived);
        Assert.True(receiver.Stream.NacksSent >= 1);
    }

    [Fact]
    public void Nack_FirstPacketOlderThanHistory_AsksForKeyframeAndResendsNothingNewerFromThatNack()
    {
        using var link = new Link(_time);
        var sender = new H264RtpSender(link.A, SenderOptions() with { HistoryMaxAge = TimeSpan.FromMilliseconds(500) });
        var keyframes = 0;
        sender.KeyframeRequested += () => keyframes++;
        link.SendOneFrame(sender, clip, 0, 0);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        var all = link.SendOneFrame(sender, clip, 1, 3000);
        var old = link.SequenceNumberOf(0);
        var recent = link.SequenceNumberOf(all - 1);

        // After an outage: the receiver lost packets the history no longer holds and newer ones it still does.
        link.NackToA(old, recent);

        Assert.Equal(all, link.Wire.Count);
        Assert.Equal(0, sender.Stream.PacketsResent);
        Assert.Equal(1, sender.Stream.ResendsUnavailable);
        Assert.Equal(1, keyframes);

        // The same NACK again within the keyframe interval: counted, no second keyframe.
        link.NackToA(old, recent);
        Assert.Equal(1, keyframes);
        Assert.Equal(all, link.Wire.Count);
    }

    [Fact]
    public void Nack_AllPacketsHeld_ResendsThemAndAsksForNoKeyframe()
    {
        using var link = new Link(_time);
        var sender = new H264RtpSender(link.A, SenderOptions());
        var keyframes = 0;
        sender.KeyframeRequested += () => keyframes++;
        var all = link.SendTwoFrames(sender, clip);

        link.NackToA(link.SequenceNumberOf(0), link.SequenceNumberOf(all - 1));

        Assert.Equal(all + 2, link.Wire.Count);
        Assert.Equal(2, sender.Stream.PacketsResent);
        Assert.Equal(0, keyframes);
    }

    [Fact]
    public void RtxPaddingWithoutOsn_IsCountedNotDeliveredNorUnrouted()
    {
        using var link = new Link(_time);
        var sender = new H264RtpSender(link.A, SenderOptions());
        var frames = 0;
        var receiver = new H264RtpReceiver(link.B, ReceiverOptions(), _ => frames++);
        var packets = link.SendTwoFrames(sender, clip);
        link.DeliverAllBut(packets, skip: -1);

        // A padding-only RTX packet (P bit, 4 padding bytes), as libwebrtc sends to probe the path.
        Span<byte> padding = stackalloc byte[16];
        Assert.True(RtpPacketBuilder.TryCreate(padding, new RtpHeader(RtxPayloadType, 1, 0, RtxSsrc), out var builder));
        var length = builder.Finish(4);
        padding[0] |= 0x20;
        padding[length - 1] = 4;
        link.B_Receive(link.Protect(padding[..length]));

        Assert.Equal(2, frames);
        Assert.Equal(1, receiver.Stream.EmptyRetransmissionsReceived);
        Assert.Equal(0, receiver.Stream.RetransmittedPacketsReceived);
        Assert.Equal(0, link.B.UnroutedPackets);
        Assert.Equal(0, link.B.DroppedDatagrams);
    }

    [Fact]
    public void PaddingOnlyPacketOnTheMediaStream_TakesItsSequenceNumberWithoutDamagingAFrame()
    {
        using var link = new Link(_time);
        var sender = new H264RtpSender(link.A, SenderOptions());
        var damaged = new List<bool>();
        var receiver = new H264RtpReceiver(link.B, ReceiverOptions(), frame => damaged.Add(frame.IsDamaged));
        Assert.True(sender.SendAsync(clip.AccessUnits[0], 0).IsCompletedSuccessfully);
        var first = link.Wire.Count;
        link.DeliverAllBut(first, skip: -1);
        Assert.True(RtpPacket.TryParse(link.Unprotect(link.Wire[first - 1]), out var last));

        // The next sequence number as 255 bytes of padding (libwebrtc's probe), then the next frame numbered after it.
        Span<byte> padding = stackalloc byte[RtpPacket.FixedHeaderLength + 255];
        Assert.True(RtpPacketBuilder.TryCreate(padding, new RtpHeader(VideoPayloadType, (ushort)(last.SequenceNumber + 1), last.Timestamp, VideoSsrc), out var builder));
        var length = builder.Finish(255);
        padding[0] |= 0x20;
        padding[length - 1] = 255;
        link.B_Receive(link.Protect(padding[..length]));
        Assert.True(sender.SendAsync(clip.AccessUnits[1], 3000).IsCompletedSuccessfully);

        // The sender numbered its next frame right after the first; renumbering it is not possible, so
        // deliver a copy of that frame's packets shifted by one, as a sender that sent the padding would.
        for (var i = first; i < link.Wire.Count; i++)
        {
            var packet = link.Unprotect(link.Wire[i]);
            var sequence = (ushort)((packet[2] << 8 | packet[3]) + 1);
            packet[2] = (byte)(sequence >> 8);
            packet[3] = (byte)sequence;
            link.B_Receive(link.Protect(packet));
        }

        Assert.Equal([false, false], damaged);
        Assert.Equal(0, receiver.Stream.NacksSent);
        Assert.Equal(0, link.B.DroppedDatagrams);
    }

    private static RtpSenderOptions SenderOptions() => new()
    {
        Ssrc = VideoSsrc,
        PayloadType = VideoPayloadType,
        ClockRate = H264RtpSender.ClockRate,
        RtxSsrc = RtxSsrc,
        RtxPayloadType = RtxPayloadType,
    };

    private static RtpReceiverOptions ReceiverOptions() =>
        new() { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, RtxPayloadType = RtxPayloadType };

    /// <summary>A sends on <see cref="Wire"/>, B answers on <see cref="Back"/>; nothing moves unless a test delivers it.</summary>
    private sealed class Link : IDisposable
    {
        private const uint NackSenderSsrc = 77;
        private readonly SrtpSession _probe;
        private readonly SrtpSession _nacker;

        public Link(TimeProvider time)
        {
            var profile = SrtpProfile.AeadAes128Gcm;
            var material = RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength());
            var options = new RtpMediaSessionOptions { TimeProvider = time };
            A = new RtpMediaSession(Wire, SrtpSession.FromDtlsKeyingMaterial(profile, material, true), options);
            B = new RtpMediaSession(Back, SrtpSession.FromDtlsKeyingMaterial(profile, material, false), options);
            _probe = SrtpSession.FromDtlsKeyingMaterial(profile, material, false);
            _nacker = SrtpSession.FromDtlsKeyingMaterial(profile, material, false);
            Injector = SrtpSession.FromDtlsKeyingMaterial(profile, material, true);
        }

        public CaptureTransport Wire { get; } = new(1024);

        public CaptureTransport Back { get; } = new(16);

        public RtpMediaSession A { get; }

        public RtpMediaSession B { get; }

        private SrtpSession Injector { get; }

        public int SendTwoFrames(H264RtpSender sender, H264ClipFixture clip)
        {
            Assert.True(sender.SendAsync(clip.AccessUnits[0], 0).IsCompletedSuccessfully);
            Assert.True(sender.SendAsync(clip.AccessUnits[1], 3000).IsCompletedSuccessfully);
            Assert.True(Wire.Count >= 3, $"the keyframe took {Wire.Count} packets");
            return Wire.Count;
        }

        /// <summary>Sends access unit <paramref name="index"/> of the clip; returns how many packets are on the wire.</summary>
        public int SendOneFrame(H264RtpSender sender, H264ClipFixture clip, int index, uint timestamp)
        {
            Assert.True(sender.SendAsync(clip.AccessUnits[index], timestamp).IsCompletedSuccessfully);
            return Wire.Count;
        }

        /// <summary>The RTP sequence number of the <paramref name="index"/>th packet on the wire.</summary>
        public ushort SequenceNumberOf(int index)
        {
            Assert.True(RtpPacket.TryParse(Unprotect(Wire[index]), out var packet));
            return packet.SequenceNumber;
        }

        /// <summary>A generic NACK (RFC 4585 §6.2.1) for <paramref name="lost"/>, as B's peer would send it, delivered to A.</summary>
        public void NackToA(params ushort[] lost)
        {
            var buffer = new byte[256];
            var writer = new Tandem.WebRtc.Rtcp.RtcpCompoundWriter(buffer);
            Assert.True(writer.TryAddNack(NackSenderSsrc, VideoSsrc, lost));
            Assert.Equal(System.Buffers.OperationStatus.Done, _nacker.ProtectRtcp(buffer, writer.Length, out var length));
            Wire.Deliver(buffer.AsSpan(0, length));
        }

        public void DeliverAllBut(int count, int skip)
        {
            for (var i = 0; i < count; i++)
            {
                if (i != skip)
                {
                    B_Receive(Wire[i]);
                }
            }
        }

        public void B_Receive(ReadOnlySpan<byte> datagram) => Back.Deliver(datagram);

        /// <summary>A's SRTP as the receiver sees it: a second context keyed the same way, so replay state stays B's own.</summary>
        public byte[] Unprotect(ReadOnlySpan<byte> datagram)
        {
            var copy = datagram.ToArray();
            Assert.Equal(System.Buffers.OperationStatus.Done, _probe.UnprotectRtp(copy, out var length));
            return copy[..length];
        }

        public byte[] Protect(ReadOnlySpan<byte> rtp)
        {
            var buffer = new byte[rtp.Length + 64];
            rtp.CopyTo(buffer);
            Assert.Equal(System.Buffers.OperationStatus.Done, Injector.ProtectRtp(buffer, rtp.Length, out var length));
            return buffer[..length];
        }

        public void Dispose()
        {
            A.Dispose();
            B.Dispose();
            _probe.Dispose();
            _nacker.Dispose();
            Injector.Dispose();
        }
    }
}
