using Tandem.WebRtc.Payloads.H264;

namespace Tandem.WebRtc.Media;

/// <summary>
/// Sends H.264 over SRTP: Annex-B access units → RFC 6184 payloads (<see cref="H264Packetizer"/>)
/// → RTP packets of one stream (<see cref="RtpStreamSender"/>), answering NACKs from its history.
/// Call <see cref="SendAsync"/> from one encoder thread at a time.
/// </summary>
internal sealed class H264RtpSender
{
    /// <summary>RFC 6184 §5.1: the H.264 RTP clock is 90 kHz.</summary>
    public const int ClockRate = 90_000;

    private readonly H264Packetizer _packetizer;

    /// <summary>Adds a video stream to <paramref name="session"/>.</summary>
    public H264RtpSender(RtpMediaSession session, RtpSenderOptions options, int maxPayloadSize = H264Packetizer.DefaultMaxPayloadSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClockRate != ClockRate)
        {
            throw new ArgumentException($"H.264 RTP uses a {ClockRate} Hz clock (RFC 6184 §5.1).", nameof(options));
        }

        Stream = new RtpStreamSender(session, options);
        _packetizer = new H264Packetizer(maxPayloadSize);
    }

    /// <summary>The RTP stream (SSRC, statistics, resends).</summary>
    public RtpStreamSender Stream { get; }

    /// <summary>Raised when the receiver asks for a keyframe (PLI/FIR), rate-limited: ask the encoder for an IDR.</summary>
    public event Action? KeyframeRequested
    {
        add => Stream.KeyframeRequested += value;
        remove => Stream.KeyframeRequested -= value;
    }

    /// <summary>
    /// Packetizes and sends one Annex-B access unit with its capture time <paramref name="rtpTimestamp"/>
    /// (90 kHz). Returns the number of RTP packets sent.
    /// </summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> accessUnit, uint rtpTimestamp, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = _packetizer.Packetize(accessUnit.Span, rtpTimestamp, Stream, static (payload, timestamp, marker, stream) => stream.Enqueue(payload, timestamp, marker));
        }
        catch
        {
            Stream.DiscardPending();
            throw;
        }

        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
