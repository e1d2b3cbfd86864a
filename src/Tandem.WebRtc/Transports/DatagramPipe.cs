namespace Tandem.WebRtc.Transports;

/// <summary>
/// Two in-memory <see cref="IDatagramTransport"/> ends wired to each other, for tests and
/// benchmarks of the layers above ICE. Delivery is asynchronous (on the thread pool) and in order;
/// <see cref="DatagramPipeEnd.DropFilter"/> lets a test lose chosen datagrams.
/// </summary>
internal static class DatagramPipe
{
    /// <summary>Creates two connected ends.</summary>
    public static (DatagramPipeEnd A, DatagramPipeEnd B) CreatePair()
    {
        var a = new DatagramPipeEnd();
        var b = new DatagramPipeEnd();
        a.Peer = b;
        b.Peer = a;
        return (a, b);
    }
}

/// <summary>One end of a <see cref="DatagramPipe"/>.</summary>
internal sealed class DatagramPipeEnd : IDatagramTransport
{
    private readonly System.Threading.Channels.Channel<byte[]> _inbox =
        System.Threading.Channels.Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });
    private int _started;

    internal DatagramPipeEnd? Peer { get; set; }

    /// <summary>Test hook: return true to drop an outgoing datagram (simulated loss).</summary>
    public Func<ReadOnlyMemory<byte>, bool>? DropFilter { get; set; }

    /// <inheritdoc />
    public event DatagramHandler? Received
    {
        add { _received += value; StartPump(); }
        remove => _received -= value;
    }

    private DatagramHandler? _received;

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        if (DropFilter?.Invoke(datagram) == true || Peer is null)
        {
            return ValueTask.CompletedTask;
        }

        Peer._inbox.Writer.TryWrite(datagram.ToArray());
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops delivery to this end.</summary>
    public void Close() => _inbox.Writer.TryComplete();

    private void StartPump()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(PumpAsync);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var datagram in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            _received?.Invoke(datagram);
        }
    }
}
