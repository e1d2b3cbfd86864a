using System.Buffers;
using System.Globalization;
using Tandem.Media.Opus;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Opus;

public class OpusInteropTests
{
    private const int Rate = 16_000;

    [Fact]
    public void OggOpusWriter_OurPackets_FfmpegDecodesTone()
    {
        using var temp = new TempDirectory();
        string ogg = temp.File("tone.opus");
        string raw = temp.File("tone.raw");
        var input = Signals.Sine(Rate, 440, Rate * 3 / 2);
        using (var encoder = new OpusEncoder())
        using (var writer = new OggOpusWriter(File.Create(ogg), 1, Rate, encoder.Lookahead * 48_000 / Rate))
        {
            var packet = new byte[OpusEncoder.MaxPacketSize];
            for (int offset = 0; offset < input.Length; offset += encoder.FrameSamples)
            {
                int length = encoder.Encode(input.AsSpan(offset, encoder.FrameSamples), packet);
                Assert.True(writer.TryWritePacket(packet.AsSpan(0, length)));
            }

            Assert.Equal(75 * 960, writer.GranulePosition);
        }

        double duration = double.Parse(Ffmpeg.Probe("-show_entries", "format=duration", "-of", "csv=p=0", ogg), CultureInfo.InvariantCulture);
        Ffmpeg.Encode("-i", ogg, "-f", "s16le", "-ac", "1", "-ar", "16000", raw);
        var decoded = ReadRaw(raw);

        Assert.InRange(duration, 1.4, 1.55);
        Assert.InRange(decoded.Length, Rate * 1.4, Rate * 1.55);
        var middle = decoded.AsSpan(Rate / 4, Rate);
        Assert.True(Signals.Rms(middle) > 5000, $"RMS {Signals.Rms(middle)}");
        Assert.True(Signals.PowerAt(middle, Rate, 440) > 100 * Signals.PowerAt(middle, Rate, 800));
    }

    [Fact]
    public void OggOpusWriter_ManyPackets_PagesCarryGranuleAndEos()
    {
        using var stream = new MemoryStream();
        var packets = OpusCodecTests.EncodeAll(Signals.Sine(Rate, 440, 320 * 120), new OpusEncoderOptions());
        using (var writer = new OggOpusWriter(stream, 1, Rate, 312, leaveOpen: true))
        {
            foreach (var packet in packets)
            {
                writer.TryWritePacket(packet);
            }

            Assert.False(writer.TryWritePacket([0x03, 0x00]));
        }

        var file = stream.ToArray();
        var read = OggPacketReader.ReadPackets(file);
        Assert.Equal(packets.Count + 2, read.Count);
        Assert.True(read[0].AsSpan(0, 8).SequenceEqual("OpusHead"u8));
        Assert.True(read[1].AsSpan(0, 8).SequenceEqual("OpusTags"u8));
        Assert.Equal(packets, read.Skip(2));
        Assert.Equal(120L * 960, OggPacketReader.LastGranule(file));
    }

    [Fact]
    public void Decode_FfmpegEncodedOpus_RecoversTone()
    {
        using var temp = new TempDirectory();
        string ogg = temp.File("ffmpeg.opus");
        Ffmpeg.Encode("-f", "lavfi", "-i", "sine=frequency=600:sample_rate=48000:duration=1", "-c:a", "libopus", "-b:a", "32k", "-frame_duration", "20", ogg);
        var packets = OggPacketReader.ReadPackets(File.ReadAllBytes(ogg)).Skip(2).ToList();
        using var decoder = new OpusDecoder();
        var output = new short[packets.Count * 320];
        int written = 0;

        foreach (var packet in packets)
        {
            Assert.Equal(OperationStatus.Done, decoder.Decode(packet, output.AsSpan(written), out int samples));
            written += samples;
        }

        // ffmpeg pads one extra packet to cover the encoder's pre-skip.
        Assert.InRange(packets.Count, 50, 52);
        Assert.Equal(packets.Count * 320, written);
        var middle = output.AsSpan(Rate / 4, Rate / 2);
        // lavfi sine has amplitude 1/8: RMS = 32767 / 8 / sqrt(2) ≈ 2896.
        Assert.InRange(Signals.Rms(middle), 2300, 3500);
        Assert.True(Signals.PowerAt(middle, Rate, 600) > 100 * Signals.PowerAt(middle, Rate, 1200));
    }

    private static short[] ReadRaw(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }
}
