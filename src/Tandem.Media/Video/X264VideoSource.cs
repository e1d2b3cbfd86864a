using System.Diagnostics;
using Tandem.Media.H264;
using Tandem.Media.RawVideo;
using Tandem.Media.X264;

namespace Tandem.Media.Video;

/// <summary>
/// Our own glasses' camera and encoder: pictures from an <see cref="IRawVideoSource"/> encoded in this
/// process by an <see cref="X264Encoder"/>, each access unit carrying its picture's capture instant.
/// A keyframe request makes the next picture an IDR — nothing restarts, no picture is lost.
/// </summary>
/// <remarks>
/// One reader calls <see cref="ReadFrameAsync"/>; <see cref="RequestKeyframe"/> and the encoder's
/// <see cref="X264Encoder.SetTargetBitrate"/> may be called from any thread. Each frame's access unit is
/// a pooled copy of the encoder's output (the <see cref="VideoFrame"/> contract); the raw picture buffer is reused.
/// </remarks>
public sealed class X264VideoSource : IVideoSource
{
    private readonly IRawVideoSource _camera;
    private readonly RawVideoFrame _picture;

    /// <summary>Encodes <paramref name="camera"/>'s pictures; the encoder takes the camera's size and rate, the rest from <paramref name="options"/>.</summary>
    /// <param name="camera">The picture source; disposed with this source.</param>
    /// <param name="options">Encoder settings (bitrate, keyframe interval, threads, …); defaults when null.</param>
    /// <exception cref="ArgumentException">The settings are out of range.</exception>
    /// <exception cref="Native.NativeLibraryNotFoundException">libx264 is not installed or shipped with the app.</exception>
    public X264VideoSource(IRawVideoSource camera, X264EncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        _camera = camera;
        Encoder = new X264Encoder((options ?? new X264EncoderOptions()) with { Width = camera.Width, Height = camera.Height, FrameRate = camera.FrameRate });
        _picture = new RawVideoFrame(camera.Width, camera.Height);
    }

    /// <summary>The encoder: its <see cref="X264Encoder.ProfileLevelId"/> to signal, <see cref="X264Encoder.SetTargetBitrate"/> to follow the network.</summary>
    internal X264Encoder Encoder { get; }

    /// <inheritdoc />
    public double FrameRate => _camera.FrameRate;

    /// <summary>The encoder's <see cref="X264Encoder.ProfileLevelId"/>, known from its opening: a session offers it before any picture.</summary>
    public string? ProfileLevelId => Encoder.ProfileLevelId;

    /// <inheritdoc />
    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        if (!await _camera.ReadFrameAsync(_picture, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return Encode();
    }

    /// <summary>Reads the camera's next picture and drops it unencoded: the encoder never sees it, so nothing after it depends on it.</summary>
    public async ValueTask<bool> SkipFrameAsync(CancellationToken cancellationToken = default) =>
        await _camera.ReadFrameAsync(_picture, cancellationToken).ConfigureAwait(false);

    /// <summary>Makes the next picture an IDR (with SPS and PPS); nothing restarts.</summary>
    public void RequestKeyframe() => Encoder.RequestKeyframe();

    /// <summary>
    /// Follows the network: the encoder aims at <paramref name="bitsPerSecond"/> from its next picture, never
    /// above the bitrate it was opened with (<see cref="X264EncoderOptions.Bitrate"/>, the ceiling) nor below 10 kbit/s.
    /// </summary>
    public void SetTargetBitrate(int bitsPerSecond) => Encoder.SetTargetBitrate(Math.Clamp(bitsPerSecond, 10_000, Encoder.Options.Bitrate));

    /// <summary>Stops the camera and closes the encoder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _camera.DisposeAsync().ConfigureAwait(false);
        Encoder.Dispose();
    }

    // Not async: the encoded frame is a ref struct, valid only until the next Encode.
    private VideoFrame Encode()
    {
        var started = Stopwatch.GetTimestamp();
        var encoded = Encoder.Encode(_picture.AsI420(), _picture.CaptureTime);
        var duration = Stopwatch.GetElapsedTime(started);
        return new VideoFrame(H264AccessUnit.CopyFrom(encoded.AnnexB), encoded.CaptureTime, encoded.FrameNumber) { EncodeDuration = duration };
    }
}
