using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

[Collection(DatagramPoolCollection.Name)]
public sealed class RtpMediaSessionTests(H264ClipFixture clip) : IClassFixture<H264ClipFixture>
{
    private const byte AudioPayloadType = 111;
    private const byte VideoPayloadType = 96;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ReportTimer_AfterMedia_SrCarriesClockSampleAndRrEchoesIt()
    {
        await using var peers = MediaPeerPair.ConnectWithKeys(SrtpProfile.AeadAes128Gcm, new RtpMediaSessionOptions { TimeProvider = _time });
        var samples = new List<RtpClockSample>();
        var sender = new OpusRtpSender(peers.A, new RtpSenderOptions
        {
            Ssrc = 0x5151_0001,
            PayloadType = AudioPayloadType,
            ClockRate = OpusRtp.ClockRate,
            HistoryCapacity = 0,
            ReportClock = () =>
            {
                lock (samples)
                {
                    var sample = new RtpClockSample(NtpTime.FromDateTime(_time.GetUtcNow()), (uint)(samples.Count * 48_000));
                    samples.Add(sample);
                    return sample;
                }
            },
        });
        var received = 0;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = new OpusRtpReceiver(peers.B, new RtpReceiverOptions { PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate, Nack = false }, (_, _, _) =>
        {
            if (++received == 10)
            {
                allReceived.TrySetResult();
            }
        });

        for (var i = 0; i < 10; i++)
        {
            await sender.SendAsync(new byte[] { 0x78, (byte)i, 1, 2 }, (uint)(i * 960));
        }

        await allReceived.Task.WaitAsync(MediaPeerPair.Guard);
        await AdvanceUntilAsync(() => sender.Stream.Statistics.LastReport is { LastSenderReport: not 0 });

        var report = sender.Stream.Statistics.LastReport!.Value;
        uint[] compact;
        lock (samples)
        {
            compact = [.. samples.Select(s => NtpTime.ToCompact(s.NtpTimestamp))];
        }

        Assert.Contains(report.LastSenderReport, compact);
        Assert.Equal(0, report.CumulativeLost);
        Assert.Equal(receiver.Stream.Statistics!.ExtendedHighestSequenceNumber, report.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public async Task Send_AfterThePeerReportedOnTheStream_LeavesTheMidOut()
    {
        await using var peers = MediaPeerPair.ConnectWithKeys(SrtpProfile.AeadAes128Gcm, new RtpMediaSessionOptions { TimeProvider = _time });
        var withMid = new List<bool>();
        peers.EndA.DropFilter = datagram =>
        {
            if (!SrtpSession.IsRtcp(datagram.Span) && RtpPacket.TryParse(datagram.Span, out var packet))
            {
                lock (withMid)
                {
                    withMid.Add(packet.TryGetExtension(4, out var mid) && mid.SequenceEqual("1"u8));
                }
            }

            return false;
        };
        var sender = new OpusRtpSender(peers.A, new RtpSenderOptions { Ssrc = 5, PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate, Mid = "1", MidExtensionId = 4 });
        var received = 0;
        _ = new OpusRtpReceiver(peers.B, new RtpReceiverOptions { PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate, Nack = false }, (_, _, _) => Interlocked.Increment(ref received));

        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync(new byte[] { 0x78, (byte)i, 1, 2 }, (uint)(i * 960));
        }

        await AdvanceUntilAsync(() => sender.Stream.Statistics.LastReport is not null);
        for (var i = 5; i < 10; i++)
        {
            await sender.SendAsync(new byte[] { 0x78, (byte)i, 1, 2 }, (uint)(i * 960));
        }

        await AdvanceUntilAsync(() => Volatile.Read(ref received) == 10);
        lock (withMid)
        {
            Assert.Equal([true, true, true, true, true, false, false, false, false, false], withMid);
        }
    }

    [Fact]
    public async Task ReportTimer_NothingSentOrReceived_SendsNoRtcp()
    {
        await using var peers = MediaPeerPair.ConnectWithKeys(SrtpProfile.AeadAes128Gcm, new RtpMediaSessionOptions { TimeProvider = _time });
        var sent = 0;
        peers.EndA.DropFilter = _ =>
        {
            Interlocked.Increment(ref sent);
            return false;
        };
        _ = new OpusRtpSender(peers.A, new RtpSenderOptions { Ssrc = 1, PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate });

        for (var i = 0; i < 50; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(0, Volatile.Read(ref sent));
    }

    [Fact]
    public void SendAndReceive_WarmPath_AllocateNothing()
    {
        var material = RandomNumberGenerator.GetBytes(SrtpProfile.AeadAes128Gcm.KeyingMaterialLength());

        // With the transport-wide sequence number: stamped on send, recorded on arrival.
        var options = new RtpMediaSessionOptions { TimeProvider = _time, TransportSequenceExtensionId = 2 };
        var wire = new CaptureTransport(8192);
        var inbound = new CaptureTransport(1);
        using var a = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(SrtpProfile.AeadAes128Gcm, material, true), options);
        using var b = new RtpMediaSession(inbound, SrtpSession.FromDtlsKeyingMaterial(SrtpProfile.AeadAes128Gcm, material, false), options);
        var sender = new H264RtpSender(a, new RtpSenderOptions { Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate, Mid = "0", MidExtensionId = 1 });
        var frames = 0;
        var damaged = 0;
        var receiver = new H264RtpReceiver(b, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate }, frame =>
        {
            frames++;
            damaged += frame.IsDamaged ? 1 : 0;
        });

        SendClip(sender, 0);
        DeliverAll(wire, inbound);

        // A gen2 collection under memory pressure empties the shared array pool (a CI run failed on it); the media
        // path must stay warm through one. Run with DOTNET_GCHighMemPercent=1 to force that trim.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();

        var before = GC.GetAllocatedBytesForCurrentThread();
        SendClip(sender, clip.AccessUnits.Count);
        var sendAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        DeliverAll(wire, inbound);
        var receiveAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2 * clip.AccessUnits.Count, frames);
        Assert.Equal(0, damaged);
        Assert.Equal(0, b.DroppedDatagrams);
        Assert.Equal(0, sendAllocated);
        Assert.Equal(0, receiveAllocated);
        Assert.NotNull(receiver.Stream.Statistics);
    }

    [Fact]
    public void Receive_Gap_NacksAtOnceWithoutWaitingForTheFeedbackTimer()
    {
        // The fake clock never moves, so no timer fires: what repairs the gap is sent from the receive path.
        var profile = SrtpProfile.AeadAes128Gcm;
        var material = RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength());
        var options = new RtpMediaSessionOptions { TimeProvider = _time };
        var wire = new CaptureTransport(1024); // A's transport: what A sends, and delivers what B sent.
        var back = new CaptureTransport(16); // B's transport.
        using var a = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(profile, material, true), options);
        using var b = new RtpMediaSession(back, SrtpSession.FromDtlsKeyingMaterial(profile, material, false), options);
        var sender = new H264RtpSender(a, new RtpSenderOptions { Ssrc = 9, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate });
        var damaged = new List<bool>();
        var receiver = new H264RtpReceiver(b, new RtpReceiverOptions { PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate }, frame => damaged.Add(frame.IsDamaged));
        Assert.True(sender.SendAsync(clip.AccessUnits[0], 0).IsCompletedSuccessfully);
        Assert.True(sender.SendAsync(clip.AccessUnits[1], 3000).IsCompletedSuccessfully);
        var packets = wire.Count;
        Assert.True(packets >= 3, $"the keyframe took {packets} packets");

        for (var i = 0; i < packets; i++)
        {
            if (i != 1)
            {
                back.Deliver(wire[i]);
            }
        }

        Assert.Empty(damaged);
        Assert.Equal(1, back.Count);
        Assert.True(SrtpSession.IsRtcp(back[0]));
        Assert.Equal(1, receiver.Stream.NacksSent);

        wire.Deliver(back[0]);
        Assert.Equal(packets + 1, wire.Count);
        back.Deliver(wire[packets]);

        Assert.Equal([false, false], damaged);
        Assert.Equal(1, sender.Stream.PacketsResent);
        Assert.Equal(0, receiver.Stream.PacketsSkipped);
    }

    [Fact]
    public void Receive_WrongKeysGarbageOrUnknownPayloadType_IsCountedNotDelivered()
    {
        var profile = SrtpProfile.Aes128CmHmacSha1_80;
        var options = new RtpMediaSessionOptions { TimeProvider = _time };
        var wire = new CaptureTransport(64);
        var inbound = new CaptureTransport(1);
        using var a = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(profile, RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength()), true), options);
        using var b = new RtpMediaSession(inbound, SrtpSession.FromDtlsKeyingMaterial(profile, RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength()), false), options);
        var audio = new OpusRtpSender(a, new RtpSenderOptions { Ssrc = 3, PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate });
        var delivered = 0;
        _ = new OpusRtpReceiver(b, new RtpReceiverOptions { PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate }, (_, _, _) => delivered++);

        Assert.True(audio.SendAsync(new byte[] { 0x78, 1 }, 0).IsCompletedSuccessfully);
        inbound.Deliver(wire[0]);
        inbound.Deliver(new byte[] { 0x80, 0x60, 0, 1, 0 });
        inbound.Deliver(new byte[2000]);

        Assert.Equal(0, delivered);
        Assert.Equal(3, b.DroppedDatagrams);
    }

    [Fact]
    public void Receive_PayloadTypeWithoutReceiver_IsCountedAsUnrouted()
    {
        var profile = SrtpProfile.AeadAes128Gcm;
        var material = RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength());
        var options = new RtpMediaSessionOptions { TimeProvider = _time };
        var wire = new CaptureTransport(64);
        var inbound = new CaptureTransport(1);
        using var a = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(profile, material, true), options);
        using var b = new RtpMediaSession(inbound, SrtpSession.FromDtlsKeyingMaterial(profile, material, false), options);
        var audio = new OpusRtpSender(a, new RtpSenderOptions { Ssrc = 3, PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate });
        var delivered = 0;
        _ = new OpusRtpReceiver(b, new RtpReceiverOptions { PayloadType = 109, ClockRate = OpusRtp.ClockRate }, (_, _, _) => delivered++);

        Assert.True(audio.SendAsync(new byte[] { 0x78, 1 }, 0).IsCompletedSuccessfully);
        inbound.Deliver(wire[0]);

        Assert.Equal(0, delivered);
        Assert.Equal(1, b.UnroutedPackets);
        Assert.Equal(0, b.DroppedDatagrams);
    }

    [Fact]
    public void Dispose_ThenSendOrAdd_SendsNothingAndRefusesNewStreams()
    {
        var profile = SrtpProfile.AeadAes128Gcm;
        var wire = new CaptureTransport(64);
        var session = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(profile, RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength()), true), new RtpMediaSessionOptions { TimeProvider = _time });
        var video = new H264RtpSender(session, new RtpSenderOptions { Ssrc = 5, PayloadType = VideoPayloadType, ClockRate = H264RtpSender.ClockRate });

        session.Dispose();
        session.Dispose();

        Assert.True(video.SendAsync(clip.AccessUnits[0], 0).IsCompletedSuccessfully);
        Assert.Equal(0, wire.Count);
        Assert.Throws<ObjectDisposedException>(() => new OpusRtpSender(session, new RtpSenderOptions { Ssrc = 6, PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate }));
    }

    [Fact]
    public void Constructor_DuplicateSsrcOrPayloadTypeOrWrongClock_Throws()
    {
        var profile = SrtpProfile.AeadAes128Gcm;
        using var session = new RtpMediaSession(new CaptureTransport(1), SrtpSession.FromDtlsKeyingMaterial(profile, RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength()), true), new RtpMediaSessionOptions { TimeProvider = _time });
        var audioOptions = new RtpSenderOptions { Ssrc = 7, PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate };
        var receiverOptions = new RtpReceiverOptions { PayloadType = AudioPayloadType, ClockRate = OpusRtp.ClockRate };
        _ = new OpusRtpSender(session, audioOptions);
        _ = new OpusRtpReceiver(session, receiverOptions, (_, _, _) => { });

        Assert.Throws<ArgumentException>(() => new OpusRtpSender(session, audioOptions));
        Assert.Throws<ArgumentException>(() => new OpusRtpReceiver(session, receiverOptions, (_, _, _) => { }));
        Assert.Throws<ArgumentException>(() => new H264RtpSender(session, audioOptions with { Ssrc = 8 }));
        Assert.Throws<ArgumentException>(() => new OpusRtpSender(session, audioOptions with { Ssrc = 9, MidExtensionId = 15, Mid = "0" }));
    }

    private void SendClip(H264RtpSender sender, int firstFrame)
    {
        for (var i = 0; i < clip.AccessUnits.Count; i++)
        {
            var send = sender.SendAsync(clip.AccessUnits[i], (uint)((firstFrame + i) * 3000));
            Assert.True(send.IsCompletedSuccessfully);
        }
    }

    private static void DeliverAll(CaptureTransport from, CaptureTransport to)
    {
        for (var i = 0; i < from.Count; i++)
        {
            to.Deliver(from[i]);
        }

        from.Clear();
    }

    private async Task AdvanceUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + MediaPeerPair.Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not reached.");
            _time.Advance(TimeSpan.FromMilliseconds(50));

            // Let the pipe's delivery threads carry what the timers just sent.
            await Task.Delay(2);
        }
    }
}
