using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.Benchmarks.Sctp;

/// <summary>
/// A bare SCTP association pair over an in-memory <see cref="DatagramPipe"/> (no DTLS, no data-channel layer):
/// 4 MiB per operation in messages of <see cref="MessageSize"/> bytes, all queued at once so the sender runs
/// congestion-limited as in a bulk transfer. The baseline pushes as many MTU-sized datagrams through the bare
/// pipe as SCTP would need for the bytes with full packets, so the ratio is SCTP's cost per byte on top of
/// the transport (packing, SACKs, congestion control, reassembly); allocated bytes are per operation.
/// </summary>
[MemoryDiagnoser]
public class SctpSmallMessageBenchmarks
{
    private const int TotalBytes = 4 * 1024 * 1024;
    private const int Mtu = 1180;

    // Datagrams SCTP needs for TotalBytes with every packet full: MTU less the common and DATA chunk headers.
    private const int RawDatagrams = (TotalBytes + (Mtu - 12 - 16) - 1) / (Mtu - 12 - 16);

    private byte[] _message = [];
    private RawPipeBaseline _raw = null!;
    private DatagramPipeEnd _pipeA = null!;
    private DatagramPipeEnd _pipeB = null!;
    private SctpAssociation _a = null!;
    private SctpAssociation _b = null!;
    private long _received;
    private TaskCompletionSource _done = new();

    /// <summary>User message size in bytes.</summary>
    [Params(1024, 16384)]
    public int MessageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[MessageSize];
        _raw = new RawPipeBaseline(Mtu, RawDatagrams);
        (_pipeA, _pipeB) = DatagramPipe.CreatePair();
        _a = new SctpAssociation(_pipeA, new SctpAssociationOptions { Mtu = Mtu });
        _b = new SctpAssociation(_pipeB, new SctpAssociationOptions { Mtu = Mtu });
        var established = new TaskCompletionSource();
        _b.Established += established.SetResult;
        _b.MessageReceived += m =>
        {
            if (Interlocked.Add(ref _received, m.Data.Length) >= TotalBytes)
            {
                _done.TrySetResult();
            }
        };
        _a.Connect();
        established.Task.Wait();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
        _pipeA.Close();
        _pipeB.Close();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw DatagramPipe, 4 MiB in full datagrams")]
    public Task RawPipe() => _raw.RunAsync();

    [Benchmark(Description = "SCTP association pair, 4 MiB")]
    public async Task Association()
    {
        _received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var sent = 0; sent < TotalBytes; sent += _message.Length)
        {
            _a.Send(1, 53, _message);
        }

        await _done.Task;
    }
}
