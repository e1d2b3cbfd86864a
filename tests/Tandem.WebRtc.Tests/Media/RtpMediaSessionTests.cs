using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

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
                var sample = new RtpClockSample(RtcpNtpTime.FromDateTime(_time.GetUtcNow()), (uint)(samples.Count * 48_000));
                lock (samples)
                {
                    samples.Add(sample);
                }

                return sample;
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
            compact = [.. samples.Select(s => RtcpNtpTime.ToCompact(s.NtpTimestamp))];
        }

        Assert.Contains(report.LastSenderReport, compact);
        Assert.Equal(0, report.CumulativeLost);
        Assert.Equal(receiver.Stream.Statistics!.ExtendedHighestSequenceNumber, report.ExtendedHighestSequenceNumber);
        Assert.NotNull(sender.Stream.Statistics.RoundTripTime);
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
        var options = new RtpMediaSessionOptions { TimeProvider = _time };
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
