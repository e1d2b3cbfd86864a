using System.Buffers;
using BenchmarkDotNet.Attributes;
using Tandem.Media.Opus;

namespace Tandem.Benchmarks.Media;

/// <summary>One 20 ms, 16 kHz mono frame through libopus. Baseline: decoding one packet.</summary>
[MemoryDiagnoser]
public class OpusBenchmarks
{
    private readonly short[] _pcm = new short[320];
    private readonly short[] _output = new short[320];
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketSize];
    private OpusEncoder _encoder = null!;
    private OpusDecoder _decoder = null!;
    private int _length;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _pcm.Length; i++)
        {
            _pcm[i] = (short)(12_000 * Math.Sin(2 * Math.PI * 440 * i / 16_000));
        }

        _encoder = new OpusEncoder();
        _decoder = new OpusDecoder();
        _length = _encoder.Encode(_pcm, _packet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _encoder.Dispose();
        _decoder.Dispose();
    }

    [Benchmark(Baseline = true)]
    public OperationStatus Decode() => _decoder.Decode(_packet.AsSpan(0, _length), _output, out _);

    [Benchmark]
    public int Encode() => _encoder.Encode(_pcm, _packet.AsSpan(OpusEncoder.MaxPacketSize / 2));

    [Benchmark]
    public int DecodeLost() => _decoder.DecodeLost(_output);

    [Benchmark]
    public OperationStatus DecodeFec() => _decoder.DecodeFec(_packet.AsSpan(0, _length), _output, out _);
}
