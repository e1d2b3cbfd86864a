namespace Tandem.WebRtc.Transports;

/// <summary>
/// Splits one lower <see cref="IDatagramTransport"/> (the ICE 5-tuple) into sub-transports by the
/// first byte of each datagram, as RFC 7983 §7 (https://www.rfc-editor.org/rfc/rfc7983#section-7)
/// says: 0–3 STUN, 20–63 DTLS, 128–191 RTP/RTCP. Each sub-transport sends straight to the lower
/// one, so DTLS and SRTP share the same path. Datagrams in no range (TURN channels, ZRTP, QUIC)
/// are counted in <see cref="DroppedDatagrams"/> and dropped.
/// </summary>
internal sealed class DatagramDemux : IDisposable
{
    private readonly IDatagramTransport _lower;
    private readonly DatagramDemuxChannel _stun;
    private readonly DatagramDemuxChannel _dtls;
    private readonly DatagramDemuxChannel _rtp;
    private long _dropped;
    private int _disposed;

    /// <summary>Subscribes to <paramref name="lower"/> and starts routing its datagrams.</summary>
    public DatagramDemux(IDatagramTransport lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        _lower = lower;
        _stun = new DatagramDemuxChannel(lower);
        _dtls = new DatagramDemuxChannel(lower);
        _rtp = new DatagramDemuxChannel(lower);
        _lower.Received += OnReceived;
    }

    /// <summary>STUN messages (first byte 0–3): ICE connectivity checks and consent.</summary>
    public IDatagramTransport Stun => _stun;

    /// <summary>DTLS records (first byte 20–63): the handshake and, above it, SCTP.</summary>
    public IDatagramTransport Dtls => _dtls;

    /// <summary>SRTP and SRTCP packets (first byte 128–191), multiplexed as RFC 5761 allows.</summary>
    public IDatagramTransport Rtp => _rtp;

    /// <summary>Datagrams that matched no sub-transport.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>Which sub-transport a datagram starting with <paramref name="firstByte"/> belongs to (RFC 7983 §7).</summary>
    public static DatagramKind Classify(byte firstByte) => firstByte switch
    {
        <= 3 => DatagramKind.Stun,
        >= 20 and <= 63 => DatagramKind.Dtls,
        >= 128 and <= 191 => DatagramKind.Rtp,
        _ => DatagramKind.Unknown,
    };

    /// <summary>Stops routing: the sub-transports raise nothing more.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lower.Received -= OnReceived;
        }
    }

    private void OnReceived(ReadOnlySpan<byte> datagram)
    {
        var channel = datagram.IsEmpty ? null : Classify(datagram[0]) switch
        {
            DatagramKind.Stun => _stun,
            DatagramKind.Dtls => _dtls,
            DatagramKind.Rtp => _rtp,
            _ => null,
        };
        if (channel is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        channel.Deliver(datagram);
    }
}
