namespace Tandem.Media.RawVideo;

/// <summary>
/// A borrowed view of one raw picture in I420 (YUV 4:2:0 planar, 8 bits: a full-size luma plane, then
/// half-width, half-height U and V planes), each plane with its own stride, as cameras and
/// hardware encoders exchange them. The planes are the caller's memory; nothing is copied.
/// </summary>
public readonly ref struct I420Frame
{
    /// <summary>Wraps three planes, checking that they hold a whole <paramref name="width"/> × <paramref name="height"/> picture.</summary>
    /// <exception cref="ArgumentException">A size is not positive and even, a stride is shorter than its row, or a plane is too short.</exception>
    public I420Frame(int width, int height, ReadOnlySpan<byte> y, int strideY, ReadOnlySpan<byte> u, int strideU, ReadOnlySpan<byte> v, int strideV)
    {
        ValidateSize(width, height);
        CheckPlane(y, strideY, width, height, nameof(y));
        CheckPlane(u, strideU, width / 2, height / 2, nameof(u));
        CheckPlane(v, strideV, width / 2, height / 2, nameof(v));
        Width = width;
        Height = height;
        Y = y;
        U = u;
        V = v;
        StrideY = strideY;
        StrideU = strideU;
        StrideV = strideV;
    }

    /// <summary>Picture width in pixels (even).</summary>
    public int Width { get; }

    /// <summary>Picture height in pixels (even).</summary>
    public int Height { get; }

    /// <summary>The luma plane.</summary>
    public ReadOnlySpan<byte> Y { get; }

    /// <summary>The Cb plane.</summary>
    public ReadOnlySpan<byte> U { get; }

    /// <summary>The Cr plane.</summary>
    public ReadOnlySpan<byte> V { get; }

    /// <summary>Bytes from one luma row to the next.</summary>
    public int StrideY { get; }

    /// <summary>Bytes from one Cb row to the next.</summary>
    public int StrideU { get; }

    /// <summary>Bytes from one Cr row to the next.</summary>
    public int StrideV { get; }

    /// <summary>Bytes of a tightly packed I420 picture: <c>w×h + 2 × (w/2 × h/2)</c>.</summary>
    /// <exception cref="ArgumentException">A size is not positive and even.</exception>
    internal static int PackedSize(int width, int height)
    {
        ValidateSize(width, height);
        return checked((width * height) + (2 * (width / 2) * (height / 2)));
    }

    /// <summary>
    /// Wraps one tightly packed buffer (Y, then U, then V, no row padding) — the layout of ffmpeg's
    /// <c>-f rawvideo -pix_fmt yuv420p</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive and even, or the buffer is shorter than <see cref="PackedSize"/>.</exception>
    internal static I420Frame FromPacked(ReadOnlySpan<byte> buffer, int width, int height)
    {
        int size = PackedSize(width, height);
        if (buffer.Length < size)
        {
            throw new ArgumentException($"An I420 {width}×{height} picture needs {size} bytes; the buffer has {buffer.Length}.", nameof(buffer));
        }

        int luma = width * height;
        int chroma = luma / 4;
        return new I420Frame(width, height, buffer[..luma], width, buffer.Slice(luma, chroma), width / 2, buffer.Slice(luma + chroma, chroma), width / 2);
    }

    /// <summary>Throws unless both sizes are positive and even (4:2:0 halves them).</summary>
    /// <exception cref="ArgumentException">A size is zero, negative or odd.</exception>
    internal static void ValidateSize(int width, int height)
    {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)
        {
            throw new ArgumentException($"An I420 picture needs a positive, even width and height (4:2:0 chroma is half size); got {width}×{height}.");
        }
    }

    private static void CheckPlane(ReadOnlySpan<byte> plane, int stride, int rowBytes, int rows, string name)
    {
        if (stride < rowBytes)
        {
            throw new ArgumentException($"Plane {name}: stride {stride} is shorter than its row of {rowBytes} bytes.", name);
        }

        long needed = ((long)stride * (rows - 1)) + rowBytes;
        if (plane.Length < needed)
        {
            throw new ArgumentException($"Plane {name}: {rows} rows of {rowBytes} bytes at stride {stride} need {needed} bytes; it has {plane.Length}.", name);
        }
    }
}
