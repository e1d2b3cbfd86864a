using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// The SCTP association's transport, bound to the DTLS transport only once the DTLS role is known
/// (from the answer's <c>a=setup</c>), so that data channels can be created before connecting.
/// Until bound, and whenever the transport below refuses a datagram (not connected yet, closed,
/// too large), the datagram is dropped as UDP would drop it: SCTP retransmits.
/// </summary>
internal sealed class LateBoundTransport : IDatagramTransport
{
    private volatile IDatagramTransport? _lower;
    private long _dropped;

    /// <inheritdoc />
    public event DatagramHandler? Received;

    /// <summary>Datagrams dropped because the transport below was missing or refused them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Binds to <paramref name="lower"/> and starts raising what it receives. Call once.</summary>
    public void Bind(IDatagramTransport lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        if (Interlocked.CompareExchange(ref _lower, lower, null) is not null)
        {
            throw new InvalidOperationException("The transport is already bound.");
        }

        lower.Received += OnReceived;
    }

    /// <summary>Stops raising datagrams from the transport below.</summary>
    public void Unbind()
    {
        var lower = Interlocked.Exchange(ref _lower, null);
        if (lower is not null)
        {
            lower.Received -= OnReceived;
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        var lower = _lower;
        if (lower is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        try
        {
            await lower.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or ObjectDisposedException)
        {
            // Best effort, as the interface promises: the DTLS transport throws when not (or no longer)
            // connected; SCTP's retransmission timer covers the loss.
            Interlocked.Increment(ref _dropped);
        }
    }

    private void OnReceived(ReadOnlySpan<byte> datagram) => Received?.Invoke(datagram);
}
