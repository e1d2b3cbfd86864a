using Tandem.WebRtc.Transports;

namespace Tandem.Benchmarks.Sctp;

/// <summary>
/// The baseline of the SCTP benchmarks: a fixed number of equal datagrams sent through a bare
/// <see cref="DatagramPipe"/> and awaited at the far end, so a ratio against it is the cost of what
/// runs on top of the transport.
/// </summary>
internal sealed class RawPipeBaseline : IDisposable
{
    private readonly DatagramPipeEnd _a;
    private readonly DatagramPipeEnd _b;
    private readonly byte[] _datagram;
    private readonly int _datagrams;
    private long _received;
    private TaskCompletionSource _done = new();

    public RawPipeBaseline(int datagramSize, int datagrams)
    {
        _datagram = new byte[datagramSize];
        _datagrams = datagrams;
        (_a, _b) = DatagramPipe.CreatePair();
        _b.Received += _ =>
        {
            if (Interlocked.Increment(ref _received) == _datagrams)
            {
                _done.TrySetResult();
            }
        };
    }

    /// <summary>Sends every datagram and waits until the last one arrived.</summary>
    public async Task RunAsync()
    {
        _received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < _datagrams; i++)
        {
            await _a.SendAsync(_datagram);
        }

        await _done.Task;
    }

    public void Dispose()
    {
        _a.Close();
        _b.Close();
    }
}
