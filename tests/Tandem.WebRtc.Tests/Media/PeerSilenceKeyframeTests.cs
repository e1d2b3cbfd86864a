using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>
/// A video stream that kept sending while the peer was silent for longer than its history keeps packets asks for a
/// keyframe as soon as the peer is heard again (an outage ended), not a round trip later when the peer's NACK finds
/// nothing to resend. The fake clock only moves when told.
/// </summary>
public sealed class PeerSilenceKeyframeTests(H264ClipFixture clip) : IClassFixture<H264ClipFixture>
{
    private const uint VideoSsrc = 9;
    private const uint PeerSsrc = 77;
    private static readonly TimeSpan History = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void PeerHeardAgain_AfterSendingIntoSilenceLongerThanHistory_AsksForKeyframeOnceBeforeAnyNack()
    {
        using var link = new Link(_time, transportWide: true);
        var sender = link.Sender(History);
        var keyframes = 0;
        sender.KeyframeRequested += () => keyframes++;
        link.ReportToA();
        var first = link.SendFrames(sender, clip, count: 9, TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, keyframes);

        link.ReportToA();

        Assert.Equal(1, keyframes);
        Assert.Equal(1, sender.Stream.KeyframesAfterSilence);

        // The peer's NACK for what it lost comes a round trip later: the keyframe is already on its way, no second one.
        link.NackToA(first);
        Assert.Equal(1, keyframes);
        Assert.Equal(1, sender.Stream.ResendsUnavailable);
    }

    [Fact]
    public void PeerHeardAgain_SilenceShorterThanHistory_NoKeyframe()
    {
        using var link = new Link(_time, transportWide: true);
        var sender = link.Sender(History);
        var keyframes = 0;
        sender.KeyframeRequested += () => keyframes++;
        link.ReportToA();
        link.SendFrames(sender, clip, count: 4, TimeSpan.FromMilliseconds(100));

        link.ReportToA();

        Assert.Equal(0, keyframes);
        Assert.Equal(0, sender.Stream.KeyframesAfterSilence);
    }

    [Fact]
    public void PeerHeardAgain_NothingSentDuringSilence_NoKeyframe()
    {
        using var link = new Link(_time, transportWide: true);
        var sender = link.Sender(History);
        var keyframes = 0;
        sender.KeyframeRequested += () => keyframes++;
        link.SendFrames(sender, clip, count: 1, TimeSpan.Zero);
        link.ReportToA();
        _time.Advance(TimeSpan.FromSeconds(2));

        link.ReportToA();

        Assert.Equal(0, keyframes);
    }

    [Fact]
    public void PeerHeardAgain_WithoutTransportWideFeedback_NoKeyframe()
    {
        using var link = new Link(_time, transportWide: false);
        var sender = link.Sender(History);
        var keyframes = 0;
        sender.KeyframeRequested += () => keyframes++;
        link.ReportToA();
        link.SendFrames(sender, clip, count: 9, TimeSpan.FromMilliseconds(100));

        // Without it a peer may report only once a second or so: its silence says nothing about the path.
        link.ReportToA();

        Assert.Equal(0, keyframes);
    }

    /// <summary>Our session A sends on <see cref="Wire"/>; the peer's RTCP is made here and delivered to A.</summary>
    private sealed class Link : IDisposable
    {
        private readonly FakeTimeProvider _time;
        private readonly SrtpSession _peer;
        private readonly SrtpSession _probe;

        public Link(FakeTimeProvider time, bool transportWide)
        {
            _time = time;
            var profile = SrtpProfile.AeadAes128Gcm;
            var material = RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength());
            A = new RtpMediaSession(Wire, SrtpSession.FromDtlsKeyingMaterial(profile, material, true),
                new RtpMediaSessionOptions { TimeProvider = time, TransportSequenceExtensionId = transportWide ? 3 : 0 });
            _peer = SrtpSession.FromDtlsKeyingMaterial(profile, material, false);
            _probe = SrtpSession.FromDtlsKeyingMaterial(profile, material, false);
        }

        public CaptureTransport Wire { get; } = new(4096);

        public RtpMediaSession A { get; }

        public H264RtpSender Sender(TimeSpan history) => new(A, new RtpSenderOptions
        {
            Ssrc = VideoSsrc,
            PayloadType = 96,
            ClockRate = H264RtpSender.ClockRate,
            HistoryMaxAge = history,
        });

        /// <summary>Sends <paramref name="count"/> frames <paramref name="spacing"/> apart (the clock advances before each); returns the first packet's sequence number.</summary>
        public ushort SendFrames(H264RtpSender sender, H264ClipFixture clip, int count, TimeSpan spacing)
        {
            var firstPacket = Wire.Count;
            for (var i = 0; i < count; i++)
            {
                _time.Advance(spacing);
                Assert.True(sender.SendAsync(clip.AccessUnits[i == 0 ? 0 : 1], (uint)(i * 3000)).IsCompletedSuccessfully);
            }

            var copy = Wire[firstPacket].ToArray();
            Assert.Equal(OperationStatus.Done, _probe.UnprotectRtp(copy, out var length));
            Assert.True(RtpPacket.TryParse(copy.AsSpan(0, length), out var packet));
            return packet.SequenceNumber;
        }

        /// <summary>An empty receiver report from the peer (RFC 3550 §6.4.2): the peer is heard.</summary>
        public void ReportToA()
        {
            var buffer = new byte[256];
            var writer = new RtcpCompoundWriter(buffer);
            Assert.True(writer.TryAddReceiverReport(PeerSsrc, []));
            Deliver(buffer, writer.Length);
        }

        /// <summary>A generic NACK (RFC 4585 §6.2.1) for <paramref name="lost"/> from the peer.</summary>
        public void NackToA(params ushort[] lost)
        {
            var buffer = new byte[256];
            var writer = new RtcpCompoundWriter(buffer);
            Assert.True(writer.TryAddNack(PeerSsrc, VideoSsrc, lost));
            Deliver(buffer, writer.Length);
        }

        public void Dispose()
        {
            A.Dispose();
            _peer.Dispose();
            _probe.Dispose();
        }

        private void Deliver(byte[] buffer, int length)
        {
            Assert.Equal(OperationStatus.Done, _peer.ProtectRtcp(buffer, length, out var protectedLength));
            Wire.Deliver(buffer.AsSpan(0, protectedLength));
        }
    }
}
