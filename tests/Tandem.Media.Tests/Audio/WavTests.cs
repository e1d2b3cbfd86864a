using System.Buffers.Binary;
using System.Globalization;
using Tandem.Media.Audio;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Audio;

public class WavTests
{
    [Fact]
    public void WriterReader_RoundTrip_PreservesSamplesAndFormat()
    {
        var samples = Signals.Sine(16_000, 440, 1000);
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 16_000, 1, leaveOpen: true))
        {
            writer.Write(samples);
            Assert.Equal(1000, writer.SamplesWritten);
        }

        stream.Position = 0;
        using var reader = new WavReader(stream);
        var back = new short[2000];
        int read = reader.Read(back);

        Assert.Equal(16_000, reader.SampleRate);
        Assert.Equal(1, reader.Channels);
        Assert.Equal(1000, reader.TotalSamples);
        Assert.Equal(samples, back[..read]);
        Assert.Equal(0, reader.Read(back));
    }

    [Fact]
    public void Writer_SeekableStream_PatchesRiffAndDataSizes()
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 8000, 2, leaveOpen: true))
        {
            writer.Write(new short[100]);
        }

        var bytes = stream.ToArray();
        Assert.Equal(244, bytes.Length);
        Assert.Equal(236u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(200u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Equal(32_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
    }

    [Fact]
    public void Reader_OpenEndedDataSize_ReadsToEndOfStream()
    {
        var pipe = new NonSeekableStream();
        using (var writer = new WavWriter(pipe, 16_000, 1, leaveOpen: true))
        {
            writer.Write([1, 2, 3, 4, 5]);
        }

        using var reader = new WavReader(new MemoryStream(pipe.ToArray()));
        var back = new short[10];

        Assert.Equal(-1, reader.TotalSamples);
        Assert.Equal(5, reader.Read(back));
        Assert.Equal(new short[] { 1, 2, 3, 4, 5 }, back[..5]);
    }

    [Fact]
    public void Reader_FfmpegWavWithExtraChunks_ReadsTone()
    {
        using var temp = new TempDirectory();
        string path = temp.File("ffmpeg.wav");
        Ffmpeg.Encode("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=16000:duration=0.5", "-metadata", "title=tandem", "-c:a", "pcm_s16le", path);

        using var reader = new WavReader(File.OpenRead(path));
        var samples = new short[16_000];
        int read = reader.Read(samples);

        Assert.Equal(16_000, reader.SampleRate);
        Assert.Equal(8000, read);
        Assert.True(Signals.PowerAt(samples.AsSpan(0, read), 16_000, 1000) > 100 * Signals.PowerAt(samples.AsSpan(0, read), 16_000, 500));
    }

    [Fact]
    public void Writer_File_FfprobeReadsFormatAndDuration()
    {
        using var temp = new TempDirectory();
        string path = temp.File("ours.wav");
        using (var writer = new WavWriter(File.Create(path), 16_000, 1))
        {
            writer.Write(Signals.Sine(16_000, 440, 8000));
        }

        var probe = Ffmpeg.Probe("-show_entries", "stream=sample_rate,channels,codec_name,duration", "-of", "default=nw=1", path);

        Assert.Contains("codec_name=pcm_s16le", probe, StringComparison.Ordinal);
        Assert.Contains("sample_rate=16000", probe, StringComparison.Ordinal);
        Assert.Contains("channels=1", probe, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"duration=0.500000"), probe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("52494646")]
    [InlineData("524946460000000041564920")]
    [InlineData("52494646000000005741564564617461040000000000")]
    [InlineData("524946460000000057415645666d74201000000003000100803e0000007d00000200100064617461")]
    public void Reader_BadHeader_ThrowsInvalidData(string hex)
    {
        Assert.Throws<InvalidDataException>(() => new WavReader(new MemoryStream(Convert.FromHexString(hex))));
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
