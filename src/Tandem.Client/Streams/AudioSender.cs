using System.Buffers;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Opus;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// Pumps an <see cref="IAudioSource"/> (16 kHz mono, 20 ms frames) through an <see cref="OpusEncoder"/>
/// into the current peer connection, each packet with the 48 kHz RTP timestamp of its capture
/// instant (RFC 7587 §4.1: Opus RTP always counts 48 kHz) on the shared <see cref="MediaClock"/>.
/// </summary>
public sealed class AudioSender
{
    /// <summary>The RTP clock rate of Opus (RFC 7587 §4.1).</summary>
    public const int OpusClockRate = 48_000;

    private readonly IAudioSource _source;
    private readonly MediaClock _clock;

    /// <summary>Creates a sender for <paramref name="source"/>, stamped on <paramref name="clock"/>.</summary>
    public AudioSender(IAudioSource source, MediaClock clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clock);
        _source = source;
        _clock = clock;
        RtpClock = clock.CreateRtpClock(OpusClockRate);
    }

    /// <summary>The 48 kHz RTP clock of the stream.</summary>
    public RtpClock RtpClock { get; }

    /// <summary>Packets the connection took.</summary>
    public StreamCounters Sent { get; } = new();

    /// <summary>SR timestamps of one instant of the capture clock (RFC 3550 §6.4.1).</summary>
    public RtpClockSample ReportClock()
    {
        var times = _clock.SampleSenderReportTimes(RtpClock);
        return new RtpClockSample(times.NtpTimestamp, times.RtpTimestamp);
    }

    /// <summary>Encodes and sends until the source ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(Func<PeerConnection?> target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var format = _source.Format;
        using var encoder = new OpusEncoder(new OpusEncoderOptions
        {
            SampleRate = format.SampleRate,
            Channels = format.Channels,
            FrameDuration = format.FrameDuration,
        });
        var pcm = ArrayPool<short>.Shared.Rent(format.FrameLength);
        var packet = ArrayPool<byte>.Shared.Rent(OpusEncoder.MaxPacketSize);
        try
        {
            while (await _source.ReadFrameAsync(pcm.AsMemory(0, format.FrameLength), cancellationToken).ConfigureAwait(false) is { } captured)
            {
                var length = encoder.Encode(pcm.AsSpan(0, format.FrameLength), packet);
                if (target() is { } pc && await SendAsync(pc, packet.AsMemory(0, length), RtpClock.ToRtpTimestamp(captured), cancellationToken).ConfigureAwait(false))
                {
                    Sent.Add(length);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            ArrayPool<short>.Shared.Return(pcm);
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    private static async ValueTask<bool> SendAsync(PeerConnection pc, ReadOnlyMemory<byte> packet, uint timestamp, CancellationToken cancellationToken)
    {
        try
        {
            return await pc.SendAudioAsync(packet, timestamp, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
