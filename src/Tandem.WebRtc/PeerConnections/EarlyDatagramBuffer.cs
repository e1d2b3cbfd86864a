using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// Holds what a transport receives until <see cref="Open"/>, then passes everything on in arrival order.
/// Two uses: over the ICE agent until the DTLS transport exists (a peer whose connectivity check
/// succeeded may send its ClientHello before our answer's role is known), and over the demux's RTP side
/// until the media session and all its streams exist (the peer may send SRTP as soon as its side of the
/// DTLS handshake is done, before ours has keyed SRTP; dropping those packets would lose the first keyframe).
/// Holds at most <see cref="Capacity"/> datagrams (about a second of video), then drops.
/// </summary>
internal sealed class EarlyDatagramBuffer : IDatagramTransport, IDisposable
{
    /// <summary>Most datagrams held before a subscriber comes.</summary>
    public const int Capacity = 256;

    private readonly IDatagramTransport _lower;

    // Guards the queue and the handler, and makes delivery (the receive thread) and the replay on
    // subscription mutually exclusive, so packets reach the session in arrival order.
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _held = new();
    private DatagramHandler? _handler;
    private bool _open;
    private bool _disposed;

    public EarlyDatagramBuffer(IDatagramTransport lower)
    {
        _lower = lower;
        _lower.Received += OnReceived;
    }

    /// <inheritdoc />
    public event DatagramHandler? Received
    {
        add
        {
            lock (_lock)
            {
                _handler += value;
            }
        }

        remove
        {
            lock (_lock)
            {
                _handler -= value;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default) =>
        _lower.SendAsync(datagram, cancellationToken);

    /// <summary>Delivers what is held, in order, then everything as it arrives.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open = true;
            while (_handler is { } handler && _held.TryDequeue(out var datagram))
            {
                handler(datagram);
            }
        }
    }

    /// <summary>Stops receiving and drops what is held.</summary>
    public void Dispose()
    {
        _lower.Received -= OnReceived;
        lock (_lock)
        {
            _disposed = true;
            _held.Clear();
        }
    }

    private void OnReceived(ReadOnlySpan<byte> datagram)
    {
        lock (_lock)
        {
            if (_open && _handler is { } handler)
            {
                handler(datagram);
            }
            else if (!_disposed && _held.Count < Capacity)
            {
                _held.Enqueue(datagram.ToArray());
            }
        }
    }
}
