using BenchmarkDotNet.Attributes;
using Tandem.Media.H264;

namespace Tandem.Benchmarks.Media;

/// <summary>
/// Splitting a 2 s, 30 fps Annex-B stream (~1.2 MB, one IDR then P-frames, 4 slices per picture)
/// into access units. Baseline: a byte-at-a-time start-code scan that only counts NAL units.
/// </summary>
[MemoryDiagnoser]
public class AnnexBReaderBenchmarks
{
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        using var output = new MemoryStream();
        for (int frame = 0; frame < 60; frame++)
        {
            bool idr = frame == 0;
            if (idr)
            {
                Write(output, [0x67, 0x42, 0xC0, 0x1F, 0xDA], random, 0);
                Write(output, [0x68, 0xCE, 0x3C, 0x80], random, 0);
            }

            for (int slice = 0; slice < 4; slice++)
            {
                byte header = idr ? (byte)0x65 : (byte)0x41;
                byte firstMb = slice == 0 ? (byte)0x80 : (byte)0x40;
                Write(output, [header, firstMb], random, idr ? 40_000 : 4_000);
            }
        }

        _stream = output.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int NaiveByteScan()
    {
        int nals = 0;
        var data = _stream;
        for (int i = 0; i + 2 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                nals++;
                i += 2;
            }
        }

        return nals;
    }

    [Benchmark]
    public async Task<int> AnnexBReaderAccessUnits()
    {
        using var reader = new AnnexBReader(new MemoryStream(_stream, writable: false));
        int units = 0;
        while (await reader.ReadAsync() is { } unit)
        {
            units++;
            unit.Dispose();
        }

        return units;
    }

    // Payload bytes avoid 0x00 so no accidental start codes appear.
    private static void Write(MemoryStream output, byte[] head, Random random, int payload)
    {
        output.Write([0, 0, 0, 1]);
        output.Write(head);
        var body = new byte[payload];
        random.NextBytes(body);
        for (int i = 0; i < body.Length; i++)
        {
            body[i] |= 0x01;
        }

        output.Write(body);
    }
}
