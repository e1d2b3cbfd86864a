namespace Tandem.WebRtc.Transports;

/// <summary>One sub-transport of a <see cref="DatagramDemux"/>: receives its share of the datagrams, sends to the lower transport.</summary>
internal sealed class DatagramDemuxChannel(IDatagramTransport lower) : IDatagramTransport
{
    /// <inheritdoc />
    public event DatagramHandler? Received;

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default) =>
        lower.SendAsync(datagram, cancellationToken);

    /// <summary>Raises <see cref="Received"/>; called on the lower transport's receive thread.</summary>
    public void Deliver(ReadOnlySpan<byte> datagram) => Received?.Invoke(datagram);
}
