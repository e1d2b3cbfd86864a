using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Dtls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Tandem.Benchmarks.Dtls;

/// <summary>
/// Protect then unprotect one 1200-byte application_data record with AES-128-GCM: our
/// <see cref="DtlsRecordProtection"/> versus BouncyCastle's DTLS record layer (baseline: Send on one
/// connected DtlsTransport, Receive on its peer, through a one-slot in-memory mailbox, single thread).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DtlsRecordBenchmarks
{
    private const int PayloadSize = 1200;

    private readonly byte[] _payload = new byte[PayloadSize];
    private readonly byte[] _record = new byte[PayloadSize + DtlsRecordProtection.Overhead];
    private readonly byte[] _plaintext = new byte[2048];
    private DtlsRecordProtection? _ours;
    private DtlsRecordProtection? _oursPeer;
    private BcDtlsTransport? _bcClient;
    private BcDtlsTransport? _bcServer;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_payload);
        byte[] keys = new byte[40];
        new Random(2).NextBytes(keys);
        _ours = new DtlsRecordProtection(1, keys.AsSpan(0, 16), keys.AsSpan(32, 4), keys.AsSpan(16, 16), keys.AsSpan(36, 4));
        _oursPeer = new DtlsRecordProtection(1, keys.AsSpan(16, 16), keys.AsSpan(36, 4), keys.AsSpan(0, 16), keys.AsSpan(32, 4));
        (_bcClient, _bcServer) = BouncyCastlePskPair.Connect();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours!.Dispose();
        _oursPeer!.Dispose();
        _bcClient!.Close();
        _bcServer!.Close();
    }

    [Benchmark(Baseline = true)]
    public int BouncyCastle()
    {
        _bcClient!.Send(_payload, 0, PayloadSize);
        return _bcServer!.Receive(_plaintext, 0, _plaintext.Length, 1000);
    }

    [Benchmark]
    public int Ours()
    {
        _ours!.Protect(DtlsRecordHeader.ApplicationData, _payload, _record, out _);
        _oursPeer!.Unprotect(_record, _plaintext, out _, out int written);
        return written;
    }
}
