using Tandem.Media.Clock;

namespace Tandem.Media.RawVideo;

/// <summary>
/// A reusable, tightly packed I420 picture buffer with the capture instant and index of the picture it
/// holds — what a camera fills and an encoder reads. Allocated once and refilled frame after frame,
/// so a capture loop allocates nothing per frame. Not thread-safe: one filler, then one reader.
/// </summary>
public sealed class RawVideoFrame
{
    private readonly byte[] _buffer;

    /// <summary>Allocates a picture buffer for <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive and even.</exception>
    public RawVideoFrame(int width, int height)
    {
        _buffer = new byte[I420Frame.PackedSize(width, height)];
        Width = width;
        Height = height;
    }

    /// <summary>Picture width in pixels.</summary>
    public int Width { get; }

    /// <summary>Picture height in pixels.</summary>
    public int Height { get; }

    /// <summary>The whole buffer: Y (<c>Width</c> × <c>Height</c>), then U, then V (each a quarter of that).</summary>
    public Memory<byte> Buffer => _buffer;

    /// <summary>The luma plane (stride = <see cref="Width"/>).</summary>
    public Span<byte> Y => _buffer.AsSpan(0, Width * Height);

    /// <summary>The Cb plane (stride = <see cref="Width"/> ÷ 2).</summary>
    public Span<byte> U => _buffer.AsSpan(Width * Height, Width * Height / 4);

    /// <summary>The Cr plane (stride = <see cref="Width"/> ÷ 2).</summary>
    public Span<byte> V => _buffer.AsSpan(Width * Height * 5 / 4, Width * Height / 4);

    /// <summary>When the picture was captured, on the shared <see cref="MediaClock"/>.</summary>
    public MediaInstant CaptureTime { get; set; }

    /// <summary>The picture's position in its source's output, from 0.</summary>
    public long Index { get; set; }

    /// <summary>A view of the picture for an encoder.</summary>
    public I420Frame AsI420() => I420Frame.FromPacked(_buffer, Width, Height);
}
