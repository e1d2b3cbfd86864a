using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

public sealed class VideoFrameSendTrackerTests
{
    private const uint Video = 9;

    [Fact]
    public void OnSent_PacketsOfOneFrameUpToTheMarker_ReportTheFrameOnceWithFirstAndLastTimes()
    {
        var tracker = new VideoFrameSendTracker(Video);
        Assert.False(tracker.OnSent(Header(Video, 3000, marker: false), 1000, 100, out _));
        Assert.False(tracker.OnSent(Header(Video, 3000, marker: false), 1000, 150, out _));
        Assert.True(tracker.OnSent(Header(Video, 3000, marker: true), 400, 230, out var timing));

        Assert.Equal(new VideoFrameSendTiming(3000, 100, 230, 3, 2400), timing);
    }

    [Fact]
    public void OnSent_OtherStreamsResendsAndAFrameWithoutMarker_AreNotReported()
    {
        var tracker = new VideoFrameSendTracker(Video);
        Assert.True(tracker.OnSent(Header(Video, 3000, marker: true), 500, 10, out _));

        // Audio (another SSRC) and a resend of the frame already reported.
        Assert.False(tracker.OnSent(Header(77, 6000, marker: true), 100, 20, out _));
        Assert.False(tracker.OnSent(Header(Video, 3000, marker: true), 500, 30, out _));

        // A frame whose last packet never left, then the next frame: only the next is reported, from its own first packet.
        Assert.False(tracker.OnSent(Header(Video, 6000, marker: false), 500, 40, out _));
        Assert.False(tracker.OnSent(Header(Video, 9000, marker: false), 500, 50, out _));
        Assert.True(tracker.OnSent(Header(Video, 9000, marker: true), 500, 60, out var timing));
        Assert.Equal(new VideoFrameSendTiming(9000, 50, 60, 2, 1000), timing);

        // A late resend of the abandoned older frame is not a new frame.
        Assert.False(tracker.OnSent(Header(Video, 6000, marker: true), 500, 70, out _));
    }

    [Fact]
    public void OnSent_TimestampWrapsAround_NextFrameStillReported()
    {
        var tracker = new VideoFrameSendTracker(Video);
        Assert.True(tracker.OnSent(Header(Video, uint.MaxValue - 1000, marker: true), 500, 10, out _));
        Assert.True(tracker.OnSent(Header(Video, 2000, marker: true), 500, 20, out var timing));
        Assert.Equal(2000u, timing.RtpTimestamp);
    }

    [Fact]
    public void Session_PacedFrame_ReportedWhenItsLastPacketLeftTheSocket()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var profile = SrtpProfile.AeadAes128Gcm;
        var wire = new CaptureTransport(256);
        using var session = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(profile, RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength()), true),
            new RtpMediaSessionOptions { TimeProvider = time, TransportSequenceExtensionId = 3, Pacing = true, StartBitrate = 300_000 });
        var sender = new H264RtpSender(session, new RtpSenderOptions { Ssrc = Video, PayloadType = 96, ClockRate = H264RtpSender.ClockRate });
        session.TrackVideoFrames(Video);
        var frames = new List<(VideoFrameSendTiming Timing, int OnWire)>();
        session.VideoFrameSent += timing => frames.Add((timing, Rtp(wire).Count()));

        // 20 kB at 300 kbit/s × 2.5 of pacing: most of it waits in the pacer.
        var start = time.GetTimestamp();
        Assert.True(sender.SendAsync(AccessUnit(20_000), 3000).IsCompletedSuccessfully);
        Assert.Empty(frames);
        for (var i = 0; i < 100 && frames.Count == 0; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        var (timing, onWire) = Assert.Single(frames);
        Assert.Equal(3000u, timing.RtpTimestamp);
        var packets = Rtp(wire).ToList();
        Assert.Equal(packets.Count, onWire);
        Assert.Equal(packets.Count, timing.Packets);
        Assert.Equal(packets.Sum(p => p.Length), timing.Bytes);
        Assert.Equal(start, timing.FirstPacketSent);
        Assert.Equal(time.GetTimestamp(), timing.LastPacketSent);
        Assert.InRange(time.GetElapsedTime(timing.FirstPacketSent, timing.LastPacketSent).TotalMilliseconds, 150, 250);
    }

    private static IEnumerable<byte[]> Rtp(CaptureTransport wire) =>
        Enumerable.Range(0, wire.Count).Select(i => wire[i].ToArray()).Where(d => !SrtpSession.IsRtcp(d));

    // RFC 3550 §5.1: V=2, marker bit, payload type 96, timestamp, SSRC.
    private static byte[] Header(uint ssrc, uint timestamp, bool marker)
    {
        var header = new byte[12];
        header[0] = 0x80;
        header[1] = (byte)((marker ? 0x80 : 0) | 96);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), ssrc);
        return header;
    }

    // One IDR slice NAL unit of the given size (Annex B start code + header 0x65), enough for the packetizer's FU-A.
    internal static byte[] AccessUnit(int size)
    {
        var unit = new byte[size];
        unit[3] = 1;
        unit[4] = 0x65;
        Random.Shared.NextBytes(unit.AsSpan(5));
        for (var i = 5; i < unit.Length; i++)
        {
            unit[i] |= 0x04;
        }

        return unit;
    }
}
