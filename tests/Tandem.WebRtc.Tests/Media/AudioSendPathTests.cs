using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Srtp;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>The audio send path never waits behind video: a microphone's packets leave on their own thread's time.</summary>
public sealed class AudioSendPathTests
{
    private const uint Video = 9;
    private const uint Audio = 7;

    [Fact]
    public async Task SendAsync_WhileThePacerIsStuckSendingVideo_AudioLeavesAtOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var profile = SrtpProfile.AeadAes128Gcm;
        using var wire = new VideoBlockingTransport();
        using var session = new RtpMediaSession(wire, SrtpSession.FromDtlsKeyingMaterial(profile, RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength()), true),
            new RtpMediaSessionOptions { TimeProvider = time, TransportSequenceExtensionId = 3, Pacing = true, StartBitrate = 1_000_000 });
        var video = new H264RtpSender(session, new RtpSenderOptions { Ssrc = Video, PayloadType = 96, ClockRate = H264RtpSender.ClockRate });
        var audio = new OpusRtpSender(session, new RtpSenderOptions { Ssrc = Audio, PayloadType = 111, ClockRate = 48_000, HistoryCapacity = 0 });

        // The pacer sends a frame's packets while it holds its lock; here its thread is stuck in the first send, as a thread
        // preempted on a busy CPU would be.
        var frame = Task.Factory.StartNew(() => video.SendAsync(VideoFrameSendTrackerTests.AccessUnit(3_000), 3000).AsTask().GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(wire.VideoBlocked.Wait(TimeSpan.FromSeconds(10)), "the pacer never sent the video");

        var sent = Task.Factory.StartNew(() => audio.SendAsync(new byte[] { 0xF8, 0xFF, 0xFE }, 960).AsTask().GetAwaiter().GetResult(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var audioLeft = wire.AudioSent.Wait(TimeSpan.FromSeconds(5));
        wire.Release();
        await Task.WhenAll(frame, sent).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(audioLeft, "the audio packet waited for the video the pacer was sending");
    }

    // RFC 3711 §3.1: an SRTP packet's header (the SSRC at bytes 8–11, RFC 3550 §5.1) is in the clear.
    private sealed class VideoBlockingTransport : IDatagramTransport, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public event DatagramHandler? Received
        {
            add { }
            remove { }
        }

        public ManualResetEventSlim VideoBlocked { get; } = new();

        public ManualResetEventSlim AudioSent { get; } = new();

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            if (datagram.Length >= 12 && !SrtpSession.IsRtcp(datagram.Span))
            {
                var ssrc = BinaryPrimitives.ReadUInt32BigEndian(datagram.Span[8..]);
                if (ssrc == Audio)
                {
                    AudioSent.Set();
                }
                else if (ssrc == Video && !_release.IsSet)
                {
                    VideoBlocked.Set();
                    _release.Wait(TimeSpan.FromSeconds(30));
                }
            }

            return ValueTask.CompletedTask;
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            VideoBlocked.Dispose();
            AudioSent.Dispose();
        }
    }
}
