using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.Benchmarks.Sctp;

/// <summary>
/// C#↔C# data channel throughput over an in-memory <see cref="DatagramPipe"/>: 4 MiB per operation.
/// The baseline pushes the same bytes through the bare pipe in MTU-sized datagrams, so the ratio is
/// the cost of SCTP (chunking, SACKs, congestion control, reassembly) on top of the transport.
/// </summary>
[MemoryDiagnoser]
public class DataChannelThroughputBenchmarks
{
    private const int TotalBytes = 4 * 1024 * 1024;
    private const int DatagramSize = 1172;

    private readonly byte[] _message = new byte[16 * 1024];
    private RawPipeBaseline _raw = null!;
    private DatagramPipeEnd _pipeA = null!;
    private DatagramPipeEnd _pipeB = null!;
    private SctpAssociation _a = null!;
    private SctpAssociation _b = null!;
    private DataChannelManager _managerA = null!;
    private DataChannelManager _managerB = null!;
    private RtcDataChannel _channel = null!;
    private long _received;
    private TaskCompletionSource _done = new();

    [GlobalSetup]
    public void Setup()
    {
        _raw = new RawPipeBaseline(DatagramSize, (TotalBytes + DatagramSize - 1) / DatagramSize);
        (_pipeA, _pipeB) = DatagramPipe.CreatePair();
        _a = new SctpAssociation(_pipeA);
        _b = new SctpAssociation(_pipeB);
        _managerA = new DataChannelManager(_a, isDtlsClient: true);
        _managerB = new DataChannelManager(_b, isDtlsClient: false);
        var remoteReady = new TaskCompletionSource<RtcDataChannel>();
        _managerB.DataChannelReceived += remoteReady.SetResult;
        var opened = new TaskCompletionSource();
        _channel = _managerA.CreateDataChannel("bench");
        _channel.Opened += opened.SetResult;
        _a.Connect();
        remoteReady.Task.Wait();
        opened.Task.Wait();
        remoteReady.Task.Result.MessageReceived += m =>
        {
            if (Interlocked.Add(ref _received, m.Data.Length) >= TotalBytes)
            {
                _done.TrySetResult();
            }
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managerA.Dispose();
        _managerB.Dispose();
        _a.Dispose();
        _b.Dispose();
        _pipeA.Close();
        _pipeB.Close();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw DatagramPipe, 4 MiB")]
    public Task RawPipe() => _raw.RunAsync();

    [Benchmark(Description = "data channel, 4 MiB in 16 KiB messages")]
    public async Task DataChannel()
    {
        _received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var sent = 0; sent < TotalBytes; sent += _message.Length)
        {
            _channel.Send(_message);
        }

        await _done.Task;
    }
}
