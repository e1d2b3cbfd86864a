using Tandem.Common.H264;
using Tandem.Media.Clock;
using Tandem.Media.H264;
using Tandem.Media.RawVideo;
using Tandem.Media.Tests.Support;
using Tandem.Media.X264;

namespace Tandem.Media.Tests.X264;

/// <summary>One encoded picture as a test keeps it: a copy of the access unit and what the encoder said about it.</summary>
internal sealed record EncodedPicture(byte[] AnnexB, bool IsKeyframe, long FrameNumber, MediaInstant CaptureTime)
{
    public List<H264NalUnitType> NalTypes()
    {
        var types = new List<H264NalUnitType>();
        foreach (var nal in Tandem.Common.H264.AnnexB.EnumerateNalUnits(AnnexB))
        {
            types.Add(H264NalHeader.TypeOf(nal[0]));
        }

        return types;
    }
}

/// <summary>Encodes the test pattern with a real <see cref="X264Encoder"/> and decodes the result with ffmpeg.</summary>
internal static class PatternEncoding
{
    public static X264EncoderOptions Small => new() { Width = 320, Height = 240, FrameRate = 30, Bitrate = 500_000 };

    /// <summary>
    /// Encodes pattern frames 0..count-1; <paramref name="beforeFrame"/> runs before each picture is encoded;
    /// <paramref name="skip"/> draws picture i as the pattern's i + skip(i) instead (a picture far from the one before).
    /// </summary>
    public static List<EncodedPicture> Encode(X264Encoder encoder, int count, Action<int>? beforeFrame = null, int firstIndex = 0, Func<int, int>? skip = null)
    {
        var raw = new RawVideoFrame(encoder.Options.Width, encoder.Options.Height);
        var pictures = new List<EncodedPicture>(count);
        for (int i = firstIndex; i < firstIndex + count; i++)
        {
            TestPattern.Draw(raw, i + (skip?.Invoke(i) ?? 0));
            beforeFrame?.Invoke(i);
            var captured = MediaInstant.FromElapsed(TimeSpan.FromSeconds(i / encoder.Options.FrameRate));
            var frame = encoder.Encode(raw.AsI420(), captured);
            pictures.Add(new EncodedPicture(frame.AnnexB.ToArray(), frame.IsKeyframe, frame.FrameNumber, frame.CaptureTime));
        }

        return pictures;
    }

    /// <summary>Writes the access units to an Annex-B file.</summary>
    public static void Write(string path, IEnumerable<EncodedPicture> pictures)
    {
        using var file = File.Create(path);
        foreach (var picture in pictures)
        {
            file.Write(picture.AnnexB);
        }
    }

    /// <summary>Decodes an Annex-B file with ffmpeg and reads the burned-in index of every decoded picture (-1 when unreadable).</summary>
    public static List<int> DecodeIndices(string h264File, int width, int height)
    {
        string gray = h264File + ".gray";
        Ffmpeg.Encode("-f", "h264", "-i", h264File, "-f", "rawvideo", "-pix_fmt", "gray", gray);
        byte[] luma = File.ReadAllBytes(gray);
        int size = width * height;
        Assert.Equal(0, luma.Length % size);
        var indices = new List<int>();
        for (int offset = 0; offset < luma.Length; offset += size)
        {
            indices.Add(TestPattern.TryReadIndex(luma.AsSpan(offset, size), width, height, width, out int index) ? index : -1);
        }

        return indices;
    }
}
