using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Concentus;
using Tandem.Media.Opus;

namespace Tandem.Benchmarks.Media;

/// <summary>
/// One 20 ms, 16 kHz mono voice frame (VoIP, 24 kbit/s, complexity 9, in-band FEC, 10 % expected loss —
/// our <see cref="OpusEncoderOptions"/> defaults) through libopus (baseline) and through Concentus,
/// the managed C# port of libopus, considered as the fallback where libopus cannot be shipped.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OpusManagedBenchmarks
{
    private const int Frame = 320;

    private readonly short[] _pcm = new short[Frame];
    private readonly short[] _output = new short[Frame];
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketSize];
    private OpusEncoder _libopusEncoder = null!;
    private OpusDecoder _libopusDecoder = null!;
    private IOpusEncoder _concentusEncoder = null!;
    private IOpusDecoder _concentusDecoder = null!;
    private int _length;

    [GlobalSetup]
    public void Setup()
    {
        // A vowel-like signal: a 140 Hz fundamental with harmonics, plus a little noise.
        var random = new Random(7);
        for (int i = 0; i < Frame; i++)
        {
            double t = i / 16_000.0;
            double voice = Math.Sin(2 * Math.PI * 140 * t) + (0.5 * Math.Sin(2 * Math.PI * 280 * t)) + (0.25 * Math.Sin(2 * Math.PI * 700 * t));
            _pcm[i] = (short)((6_000 * voice) + random.Next(-300, 300));
        }

        _libopusEncoder = new OpusEncoder();
        _libopusDecoder = new OpusDecoder();
        // Without this switch Concentus hands out libopus itself when it finds it, which is not what we measure.
        OpusCodecFactory.AttemptToUseNativeLibrary = false;
        _concentusEncoder = OpusCodecFactory.CreateEncoder(16_000, 1, Concentus.Enums.OpusApplication.OPUS_APPLICATION_VOIP);
        _concentusEncoder.Bitrate = 24_000;
        _concentusEncoder.Complexity = 9;
        _concentusEncoder.UseInbandFEC = true;
        _concentusEncoder.PacketLossPercent = 10;
        _concentusEncoder.SignalType = Concentus.Enums.OpusSignal.OPUS_SIGNAL_VOICE;
        _concentusDecoder = OpusCodecFactory.CreateDecoder(16_000, 1);
        if (_concentusEncoder.GetType().Namespace != "Concentus.Structs")
        {
            throw new InvalidOperationException($"Concentus returned {_concentusEncoder.GetType()}, not its managed encoder");
        }
        _length = _libopusEncoder.Encode(_pcm, _packet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _libopusEncoder.Dispose();
        _libopusDecoder.Dispose();
        (_concentusEncoder as IDisposable)?.Dispose();
        (_concentusDecoder as IDisposable)?.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode")]
    public int LibopusEncode() => _libopusEncoder.Encode(_pcm, _packet.AsSpan(OpusEncoder.MaxPacketSize / 2));

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public int ConcentusEncode() => _concentusEncoder.Encode(_pcm, Frame, _packet.AsSpan(OpusEncoder.MaxPacketSize / 2), OpusEncoder.MaxPacketSize / 2);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode")]
    public OperationStatus LibopusDecode() => _libopusDecoder.Decode(_packet.AsSpan(0, _length), _output, out _);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public int ConcentusDecode() => _concentusDecoder.Decode(_packet.AsSpan(0, _length), _output, Frame, false);
}
