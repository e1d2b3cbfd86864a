using BenchmarkDotNet.Attributes;
using Tandem.Media.Clock;
using Tandem.Media.RawVideo;
using Tandem.Media.X264;

namespace Tandem.Benchmarks.Media;

/// <summary>
/// Encode latency of one 720p30 picture: libx264 in this process (<see cref="X264Encoder"/>) against the
/// same pictures through an ffmpeg child process over pipes (baseline). Both: ultrafast, zerolatency,
/// constrained baseline, 1.5 Mbit/s capped; each operation is one picture in, its whole access unit out.
/// </summary>
/// <remarks>
/// On a machine shared with other work the wall-clock means say more about the scheduler than about the
/// encoders, so the cleanup also prints CPU time per picture — this process's, and ffmpeg's — to the log
/// ("// cpu per picture: …").
/// </remarks>
[MemoryDiagnoser]
public class H264EncodeBenchmarks
{
    private const int Width = 1280;
    private const int Height = 720;
    private const int Pictures = 30;

    private readonly RawVideoFrame[] _pictures = new RawVideoFrame[Pictures];
    private X264Encoder _encoder = null!;
    private FfmpegFlvEncoder _ffmpeg = null!;
    private int _next;
    private long _ops;
    private TimeSpan _ownCpu;
    private TimeSpan _ffmpegCpu;

    /// <summary>1: the caller's thread only; 2: two slices in parallel (sliced threads).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Pictures; i++)
        {
            _pictures[i] = new RawVideoFrame(Width, Height);
            TestPattern.Draw(_pictures[i], i);
        }

        _encoder = new X264Encoder(new X264EncoderOptions { Width = Width, Height = Height, FrameRate = 30, Bitrate = 1_500_000, Threads = Threads });
        _ffmpeg = new FfmpegFlvEncoder(Width, Height, 30, 1500, Threads);
        _ffmpeg.Encode(_pictures[0].Buffer.Span);
        _ownCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        _ffmpegCpu = _ffmpeg.ProcessorTime;
        _ops = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        double own = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _ownCpu).TotalMilliseconds / _ops;
        double ffmpeg = (_ffmpeg.ProcessorTime - _ffmpegCpu).TotalMilliseconds / _ops;
        Console.WriteLine($"// cpu per picture: this process {own:0.00} ms, ffmpeg {ffmpeg:0.00} ms ({_ops} pictures, threads {Threads})");
        _encoder.Dispose();
        _ffmpeg.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int FfmpegPipe()
    {
        _ops++;
        return _ffmpeg.Encode(_pictures[_next++ % Pictures].Buffer.Span);
    }

    [Benchmark]
    public int InProcess()
    {
        _ops++;
        var picture = _pictures[_next++ % Pictures];
        return _encoder.Encode(picture.AsI420(), MediaInstant.Zero).AnnexB.Length;
    }
}
