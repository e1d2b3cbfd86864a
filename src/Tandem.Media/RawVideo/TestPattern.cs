using System.Runtime.InteropServices;

namespace Tandem.Media.RawVideo;

/// <summary>
/// The synthetic camera picture: a diagonal luma ramp that scrolls every frame, a bright square that
/// sweeps across, a band of fresh noise at the bottom (sensor noise: it keeps the encoder busy, so its
/// output follows the target bitrate), and the frame index burned into the top rows as 16 black/white
/// cells, most significant bit first — so whoever decodes the stream can read each picture's index
/// back and check order and completeness (<see cref="TryReadIndex"/>).
/// </summary>
internal static class TestPattern
{
    /// <summary>Bits of the burned-in index (it wraps at 65,536 frames: 36 minutes at 30 fps).</summary>
    public const int IndexBits = 16;

    private const byte Black = 16;
    private const byte White = 235;

    /// <summary>The smallest picture the index fits into: two luma pixels per cell, 16 rows.</summary>
    public const int MinimumWidth = 2 * IndexBits;

    /// <summary>The smallest picture height (the index strip plus room for the pattern).</summary>
    public const int MinimumHeight = 32;

    /// <summary>Draws frame <paramref name="index"/> into <paramref name="frame"/> (and sets its <see cref="RawVideoFrame.Index"/>).</summary>
    /// <exception cref="ArgumentException">The picture is smaller than <see cref="MinimumWidth"/> × <see cref="MinimumHeight"/>.</exception>
    public static void Draw(RawVideoFrame frame, long index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int width = frame.Width;
        int height = frame.Height;
        if (width < MinimumWidth || height < MinimumHeight)
        {
            throw new ArgumentException($"The test pattern needs at least {MinimumWidth}×{MinimumHeight} pixels; got {width}×{height}.", nameof(frame));
        }

        int strip = StripHeight(height);
        int noiseTop = height - (height / 4);
        var y = frame.Y;
        DrawRamp(y, width, strip, noiseTop, (int)(index * 3));
        DrawSquare(y, width, strip, noiseTop, index);
        DrawNoise(y[(noiseTop * width)..], (ulong)index);
        DrawIndex(y, width, strip, index);

        int chromaWidth = width / 2;
        int chromaStrip = strip / 2;
        DrawRamp(frame.U, chromaWidth, 0, height / 2, (int)(-index * 2));
        DrawRamp(frame.V, chromaWidth, 0, height / 2, (int)(index + 128));

        // Neutral chroma under the index cells keeps them pure black and white.
        frame.U[..(chromaStrip * chromaWidth)].Fill(128);
        frame.V[..(chromaStrip * chromaWidth)].Fill(128);
        frame.Index = index;
    }

    /// <summary>
    /// Reads the burned-in index from a decoded luma plane; false when a cell is neither clearly black
    /// nor clearly white (a damaged or foreign picture).
    /// </summary>
    public static bool TryReadIndex(ReadOnlySpan<byte> luma, int width, int height, int stride, out int index)
    {
        index = 0;
        if (width < MinimumWidth || height < MinimumHeight || stride < width || luma.Length < (long)stride * height)
        {
            return false;
        }

        int cell = width / IndexBits;
        int strip = StripHeight(height);
        for (int bit = 0; bit < IndexBits; bit++)
        {
            // The inner half of each cell, away from edges the encoder blurs.
            int sum = 0;
            int count = 0;
            for (int row = strip / 4; row < strip * 3 / 4; row++)
            {
                for (int x = (bit * cell) + (cell / 4); x < (bit * cell) + Math.Max(cell * 3 / 4, (cell / 4) + 1); x++)
                {
                    sum += luma[(row * stride) + x];
                    count++;
                }
            }

            int mean = sum / count;
            if (mean is > 80 and < 170)
            {
                return false;
            }

            index = (index << 1) | (mean >= 170 ? 1 : 0);
        }

        return true;
    }

    private static int StripHeight(int height) => Math.Min(16, height / 2) & ~1;

    private static void DrawIndex(Span<byte> y, int width, int strip, long index)
    {
        int cell = width / IndexBits;
        for (int row = 0; row < strip; row++)
        {
            var line = y.Slice(row * width, width);
            line.Fill(Black);
            for (int bit = 0; bit < IndexBits; bit++)
            {
                if (((index >> (IndexBits - 1 - bit)) & 1) != 0)
                {
                    line.Slice(bit * cell, cell).Fill(White);
                }
            }
        }
    }

    // Row r holds (x + r + shift) mod 256: each row is a window of one 0..255 ramp, so drawing is a copy per row.
    private static void DrawRamp(Span<byte> plane, int width, int top, int bottom, int shift)
    {
        Span<byte> ramp = stackalloc byte[256 + 256];
        for (int i = 0; i < ramp.Length; i++)
        {
            ramp[i] = (byte)i;
        }

        for (int row = top; row < bottom; row++)
        {
            var line = plane.Slice(row * width, width);
            for (int x = 0; x < width; x += 256)
            {
                int start = (x + row + shift) & 0xFF;
                int length = Math.Min(256, width - x);
                ramp.Slice(start, length).CopyTo(line[x..]);
            }
        }
    }

    private static void DrawSquare(Span<byte> y, int width, int top, int bottom, long index)
    {
        int size = Math.Max(2, (bottom - top) / 3);
        int travel = Math.Max(1, width - size);
        int left = (int)((index * 8) % (2 * travel));
        left = left < travel ? left : (2 * travel) - left;
        int first = top + ((bottom - top - size) / 2);
        for (int row = first; row < first + size; row++)
        {
            y.Slice((row * width) + left, size).Fill(White);
        }
    }

    // xorshift64 (Marsaglia 2003), seeded per frame: values 96..159, fresh each frame.
    private static void DrawNoise(Span<byte> band, ulong seed)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(band);
        ulong state = (seed * 0x9E3779B97F4A7C15UL) | 1;
        for (int i = 0; i < words.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            words[i] = (state & 0x3F3F3F3F3F3F3F3FUL) + 0x6060606060606060UL;
        }

        band[(words.Length * sizeof(ulong))..].Fill(128);
    }
}
