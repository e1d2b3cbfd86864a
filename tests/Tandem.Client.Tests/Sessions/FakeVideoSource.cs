using Tandem.Media.Clock;
using Tandem.Media.H264;
using Tandem.Media.Video;

namespace Tandem.Client.Tests.Sessions;

/// <summary>
/// A camera of made-up access units at 50 fps: every 10th is SPS + PPS + IDR (a real libx264
/// 320x240 constrained-baseline SPS, profile-level-id 42c014), the others one non-IDR slice; slice
/// bytes carry the frame index and never form a start code. Keeps what it delivered.
/// </summary>
internal sealed class FakeVideoSource(MediaClock clock) : IVideoSource
{
    public static readonly byte[] Sps = Convert.FromHexString("000000016742c014da0507ec0440000003004000000f23c50aa8");
    public static readonly byte[] Pps = Convert.FromHexString("0000000168ce3c80");

    private readonly FramePacer _pacer = FramePacer.ForRate(clock, 50, paced: true);
    private long _index;
    private int _keyframeRequests;

    public double FrameRate => 50;

    public List<byte[]> Delivered { get; } = [];

    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        var instant = await _pacer.NextAsync(cancellationToken);
        var index = _index++;
        var slice = new byte[300 + (int)(index % 7 * 50)];
        Array.Fill(slice, (byte)(1 + (index % 250)));
        byte[] unit = index % 10 == 0
            ? [.. Sps, .. Pps, 0, 0, 0, 1, 0x65, .. slice]
            : [0, 0, 0, 1, 0x41, .. slice];
        lock (Delivered)
        {
            Delivered.Add(unit);
        }

        return new VideoFrame(H264AccessUnit.CopyFrom(unit), instant, index);
    }

    public void RequestKeyframe() => Interlocked.Increment(ref _keyframeRequests);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A camera whose encoder dies after <paramref name="frames"/> frames, as a crashed ffmpeg does.</summary>
internal sealed class FailingVideoSource(MediaClock clock, int frames) : IVideoSource
{
    private readonly FakeVideoSource _inner = new(clock);
    private int _read;

    public double FrameRate => _inner.FrameRate;

    public ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default) =>
        ++_read > frames ? throw new InvalidOperationException("ffmpeg exited with code 1: boom") : _inner.ReadFrameAsync(cancellationToken);

    public void RequestKeyframe() => _inner.RequestKeyframe();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
