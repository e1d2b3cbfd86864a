using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Stun;

namespace Tandem.Benchmarks.Stun;

/// <summary>
/// Cost of handling one ICE connectivity check: parsing alone is the baseline; verifying
/// FINGERPRINT and MESSAGE-INTEGRITY and writing a signed check are reported as ratios to it.
/// </summary>
[MemoryDiagnoser]
public class StunMessageBenchmarks
{
    private readonly byte[] _key = StunCredentials.ShortTermKey("benchmark-password-0123");
    private readonly byte[] _buffer = new byte[256];
    private byte[] _check = [];

    [GlobalSetup]
    public void Setup()
    {
        _check = WriteCheck(_buffer, _key).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Parse() => StunMessage.TryParse(_check, out var message) ? message.Raw.Length : 0;

    [Benchmark]
    public bool ParseAndVerifyFingerprint() => StunMessage.TryParse(_check, out var message) && message.VerifyFingerprint();

    [Benchmark]
    public bool ParseAndVerifyIntegrity() =>
        StunMessage.TryParse(_check, out var message) && message.VerifyFingerprint() && message.VerifyMessageIntegrity(_key);

    [Benchmark]
    public int WriteSignedCheck() => WriteCheck(_buffer, _key).Length;

    private static ReadOnlySpan<byte> WriteCheck(Span<byte> buffer, byte[] key)
    {
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddUsername("remoteUfrag:localUfrag");
        writer.AddPriority(1845501695);
        writer.AddIceControlling(0x1234_5678_9ABC_DEF0);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }
}
