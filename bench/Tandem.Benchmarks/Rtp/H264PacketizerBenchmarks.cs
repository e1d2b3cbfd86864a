using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Payloads.H264;

namespace Tandem.Benchmarks.Rtp;

/// <summary>
/// H.264 packetize + depacketize of a 60 KB IDR access unit (a 720p keyframe) against a baseline
/// that only copies the same bytes into 1200-byte packets: the ratio is our framing overhead.
/// </summary>
[MemoryDiagnoser]
public class H264PacketizerBenchmarks
{
    private readonly byte[] _accessUnit = BuildAccessUnit(60_000);
    private readonly byte[] _packet = new byte[1500];
    private readonly H264Packetizer _packetizer = new();
    private H264Depacketizer _depacketizer = null!;
    private ushort _sequence;
    private int _frameBytes;

    [GlobalSetup]
    public void Setup() => _depacketizer = new H264Depacketizer(f => _frameBytes += f.AnnexB.Length);

    [GlobalCleanup]
    public void Cleanup() => _depacketizer.Dispose();

    [Benchmark(Baseline = true)]
    public int CopyOnly()
    {
        var copied = 0;
        for (var offset = 0; offset < _accessUnit.Length; offset += 1200)
        {
            var length = Math.Min(1200, _accessUnit.Length - offset);
            _accessUnit.AsSpan(offset, length).CopyTo(_packet);
            copied += length;
        }

        return copied;
    }

    [Benchmark]
    public int Packetize() => _packetizer.Packetize(_accessUnit, 0, this, static (payload, _, _, self) => payload.CopyTo(self._packet));

    [Benchmark]
    public int PacketizeAndDepacketize()
    {
        _packetizer.Packetize(_accessUnit, 0, this, static (payload, ts, marker, self) => self._depacketizer.Push(self._sequence++, ts, marker, payload));
        return _frameBytes;
    }

    private static byte[] BuildAccessUnit(int sliceLength)
    {
        var random = new Random(1);
        var slice = new byte[sliceLength];
        random.NextBytes(slice);
        slice[0] = 0x65;
        for (var i = 2; i < slice.Length; i++)
        {
            // Keep the slice free of start-code emulation, as an encoder does.
            if (slice[i] <= 3 && slice[i - 1] == 0 && slice[i - 2] == 0)
            {
                slice[i] = 0x55;
            }
        }

        return [0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1F, 0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80, 0, 0, 0, 1, .. slice];
    }
}
