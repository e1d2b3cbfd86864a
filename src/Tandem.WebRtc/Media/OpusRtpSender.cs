using Tandem.WebRtc.Payloads.Opus;

namespace Tandem.WebRtc.Media;

/// <summary>
/// Sends Opus over SRTP: one Opus packet per RTP packet (RFC 7587 §4.2), timestamps on the 48 kHz
/// clock whatever the encoder's rate (<see cref="OpusRtp"/>). Call <see cref="SendAsync"/> from one thread at a time.
/// </summary>
internal sealed class OpusRtpSender
{
    /// <summary>Adds an audio stream to <paramref name="session"/>; no NACK history unless the options ask for one.</summary>
    public OpusRtpSender(RtpMediaSession session, RtpSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClockRate != OpusRtp.ClockRate)
        {
            throw new ArgumentException($"Opus RTP uses a {OpusRtp.ClockRate} Hz clock (RFC 7587 §4.1).", nameof(options));
        }

        Stream = new RtpStreamSender(session, options);
    }

    /// <summary>The RTP stream (SSRC, statistics).</summary>
    public RtpStreamSender Stream { get; }

    /// <summary>Sends one Opus packet stamped <paramref name="rtpTimestamp"/> (48 kHz units, e.g. from <see cref="OpusRtpTimestamper"/>).</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> opusPacket, uint rtpTimestamp, CancellationToken cancellationToken = default)
    {
        // RFC 7587 §4.1: the marker bit is only for the first packet after DTX; left clear.
        Stream.Enqueue(opusPacket.Span, rtpTimestamp, marker: false);
        return Stream.FlushAsync(cancellationToken);
    }
}
