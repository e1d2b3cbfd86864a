using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Transports;

namespace Tandem.Benchmarks.Dtls;

/// <summary>
/// One 1000-byte datagram from one end to the other, awaited at the receiver: through DTLS (encrypt,
/// pipe, decrypt, receive thread) versus the bare in-memory pipe (baseline).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DtlsBenchmarks
{
    private readonly byte[] _payload = new byte[1000];
    private DatagramPipeEnd? _rawA;
    private DatagramPipeEnd? _rawB;
    private DtlsTransport? _client;
    private DtlsTransport? _server;
    private TaskCompletionSource? _arrived;

    [GlobalSetup]
    public async Task Setup()
    {
        (_rawA, _rawB) = DatagramPipe.CreatePair();
        _rawB.Received += _ => _arrived!.TrySetResult();

        var (a, b) = DatagramPipe.CreatePair();
        var clientCertificate = DtlsCertificate.Generate("client");
        var serverCertificate = DtlsCertificate.Generate("server");
        _client = new DtlsTransport(a, DtlsRole.Client, clientCertificate);
        _server = new DtlsTransport(b, DtlsRole.Server, serverCertificate);
        _server.Received += _ => _arrived!.TrySetResult();
        await Task.WhenAll(_client.ConnectAsync(serverCertificate.Fingerprint), _server.ConnectAsync(clientCertificate.Fingerprint));
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _client!.DisposeAsync();
        await _server!.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task PipeOneWay() => OneWay(_rawA!);

    [Benchmark]
    public Task DtlsOneWay() => OneWay(_client!);

    private async Task OneWay(IDatagramTransport sender)
    {
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await sender.SendAsync(_payload);
        await _arrived.Task;
    }
}

/// <summary>A whole DTLS handshake (fresh transports, pre-generated certificates) over the in-memory pipe.</summary>
[ShortRunJob]
public class DtlsHandshakeBenchmarks
{
    private readonly DtlsCertificate _clientCertificate = DtlsCertificate.Generate("client");
    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate("server");

    [Benchmark]
    public async Task Handshake()
    {
        var (a, b) = DatagramPipe.CreatePair();
        await using var client = new DtlsTransport(a, DtlsRole.Client, _clientCertificate);
        await using var server = new DtlsTransport(b, DtlsRole.Server, _serverCertificate);
        await Task.WhenAll(client.ConnectAsync(_serverCertificate.Fingerprint), server.ConnectAsync(_clientCertificate.Fingerprint));
        a.Close();
        b.Close();
    }
}
