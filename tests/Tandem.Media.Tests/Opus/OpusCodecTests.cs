using System.Buffers;
using Tandem.Media.Opus;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Opus;

public class OpusCodecTests
{
    private const int Rate = 16_000;
    private const int Frame = 320;

    [Fact]
    public void EncodeDecode_Tone_DecodedSignalMatchesInput()
    {
        var input = Signals.Sine(Rate, 440, Rate);
        var output = RoundTrip(input, new OpusEncoderOptions());

        // Skip the first 100 ms (codec start-up), then allow for the codec delay.
        var decoded = output.AsSpan(1600);
        double correlation = Signals.BestCorrelation(input.AsSpan(1600, 12_000), decoded, maxLag: 400, out _);
        Assert.True(correlation > 0.9, $"correlation {correlation}");
        Assert.True(Signals.PowerAt(decoded, Rate, 440) > 100 * Signals.PowerAt(decoded, Rate, 1000));
        double ratio = Signals.Rms(decoded) / Signals.Rms(input.AsSpan(1600));
        Assert.InRange(ratio, 0.7, 1.3);
    }

    [Fact]
    public void Encoder_Defaults_Are16kMono20msWithFec()
    {
        using var encoder = new OpusEncoder();

        Assert.Equal(Rate, encoder.SampleRate);
        Assert.Equal(1, encoder.Channels);
        Assert.Equal(Frame, encoder.FrameSamples);
        Assert.True(encoder.InbandFec);
        Assert.Equal(10, encoder.ExpectedPacketLossPercent);
        Assert.False(encoder.Dtx);
    }

    [Fact]
    public void Encoder_SetBitrate_ReadsBackAndShrinksPackets()
    {
        var input = new short[Rate];
        new Random(7).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()));
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Bitrate = 12_000 });
        Assert.Equal(12_000, encoder.Bitrate);
        int low = TotalBytes(encoder, input);

        encoder.Bitrate = 48_000;
        int high = TotalBytes(encoder, input);

        Assert.Equal(48_000, encoder.Bitrate);
        Assert.True(high > low * 2, $"{low} B at 12 kb/s vs {high} B at 48 kb/s");
    }

    [Fact]
    public void Encode_WrongFrameLength_Throws()
    {
        using var encoder = new OpusEncoder();

        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[319], new byte[OpusEncoder.MaxPacketSize]));
    }

    [Fact]
    public void Encode_NoDestination_ThrowsOpusException()
    {
        using var encoder = new OpusEncoder();

        var error = Assert.Throws<OpusException>(() => encoder.Encode(new short[Frame], []));
        Assert.Equal(OpusError.BadArgument, error.Error);
    }

    [Fact]
    public void Encode_DtxOnSilence_EmitsTinyPackets()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Dtx = true });
        var silence = new short[Frame];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        int tiny = 0;
        for (int i = 0; i < 50; i++)
        {
            tiny += encoder.Encode(silence, packet) <= 2 ? 1 : 0;
        }

        Assert.True(encoder.Dtx);
        Assert.True(tiny > 25, $"{tiny} of 50 packets were DTX");
    }

    [Fact]
    public void DecodeLost_AfterTone_ReturnsFullConcealedFrame()
    {
        using var encoder = new OpusEncoder();
        using var decoder = new OpusDecoder();
        var input = Signals.Sine(Rate, 440, Frame * 10);
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var pcm = new short[Frame];
        for (int i = 0; i < 10; i++)
        {
            int length = encoder.Encode(input.AsSpan(i * Frame, Frame), packet);
            Assert.Equal(OperationStatus.Done, decoder.Decode(packet.AsSpan(0, length), pcm, out _));
        }

        Array.Clear(pcm);
        int concealed = decoder.DecodeLost(pcm);

        Assert.Equal(Frame, concealed);
        Assert.True(Signals.Rms(pcm) > 1000, $"concealment RMS {Signals.Rms(pcm)}");
    }

    [Fact]
    public void DecodeLost_NotMultipleOf2p5Ms_ReturnsBadArgument()
    {
        using var decoder = new OpusDecoder();

        Assert.Equal((int)OpusError.BadArgument, decoder.DecodeLost(new short[33]));
    }

    [Fact]
    public void DecodeFec_LostFrame_RecoversItFromNextPacket()
    {
        var input = Signals.Sine(Rate, 500, Frame * 30);
        var packets = EncodeAll(input, new OpusEncoderOptions { ExpectedPacketLossPercent = 30, Bitrate = 32_000 });
        var reference = DecodeAll(packets, lost: -1, useFec: false);
        const int Lost = 20;

        var withFec = DecodeAll(packets, Lost, useFec: true);

        var expected = reference.AsSpan(Lost * Frame, Frame);
        double fecCorrelation = Signals.Correlation(expected, withFec.AsSpan(Lost * Frame, Frame));
        Assert.True(fecCorrelation > 0.8, $"FEC correlation {fecCorrelation}");
        Assert.True(Signals.Rms(withFec.AsSpan(Lost * Frame, Frame)) > 0.5 * Signals.Rms(expected));
    }

    [Fact]
    public void Decode_Garbage_ReturnsInvalidDataWithoutCrashing()
    {
        using var decoder = new OpusDecoder();
        var pcm = new short[1920];

        // TOC code 3 with frame count 0 is invalid (RFC 6716 §3.2.5, R5).
        var status = decoder.Decode([0x03, 0x00], pcm, out int samples);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(OpusError.InvalidPacket, decoder.LastError);
        Assert.Equal(0, samples);
    }

    [Fact]
    public void Decode_Empty_ReturnsInvalidData()
    {
        using var decoder = new OpusDecoder();

        Assert.Equal(OperationStatus.InvalidData, decoder.Decode([], new short[Frame], out _));
    }

    [Fact]
    public void Decode_PcmBufferTooSmall_ReturnsDestinationTooSmall()
    {
        var packets = EncodeAll(Signals.Sine(Rate, 440, Frame), new OpusEncoderOptions());
        using var decoder = new OpusDecoder();

        var status = decoder.Decode(packets[0], new short[160], out _);

        Assert.Equal(OperationStatus.DestinationTooSmall, status);
    }

    [Fact]
    public void Decode_RandomPackets_NeverThrows()
    {
        using var decoder = new OpusDecoder();
        var random = new Random(42);
        var packet = new byte[64];
        var pcm = new short[5760];
        int invalid = 0;
        for (int i = 0; i < 500; i++)
        {
            random.NextBytes(packet);
            var status = decoder.Decode(packet.AsSpan(0, random.Next(1, 64)), pcm, out int samples);
            invalid += status == OperationStatus.InvalidData ? 1 : 0;
            Assert.True(status != OperationStatus.Done || samples > 0);
        }

        Assert.True(invalid > 0);
    }

    [Fact]
    public void OpusPacket_GetSampleCount_ReportsFrameDuration()
    {
        var packets = EncodeAll(Signals.Sine(Rate, 440, Frame), new OpusEncoderOptions());

        Assert.Equal(960, OpusPacket.GetSampleCount(packets[0], 48_000));
        Assert.Equal(Frame, OpusPacket.GetSampleCount(packets[0], Rate));
        Assert.Equal(1, OpusPacket.GetChannelCount(packets[0]));
        Assert.True(OpusPacket.GetSampleCount([], Rate) < 0);
        Assert.StartsWith("libopus", OpusPacket.LibraryVersion, StringComparison.Ordinal);
    }

    internal static List<byte[]> EncodeAll(short[] input, OpusEncoderOptions options)
    {
        using var encoder = new OpusEncoder(options);
        var packets = new List<byte[]>();
        var packet = new byte[OpusEncoder.MaxPacketSize];
        for (int offset = 0; offset + Frame <= input.Length; offset += Frame)
        {
            int length = encoder.Encode(input.AsSpan(offset, Frame), packet);
            packets.Add(packet.AsSpan(0, length).ToArray());
        }

        return packets;
    }

    private static short[] DecodeAll(List<byte[]> packets, int lost, bool useFec)
    {
        using var decoder = new OpusDecoder();
        var output = new short[packets.Count * Frame];
        for (int i = 0; i < packets.Count; i++)
        {
            var pcm = output.AsSpan(i * Frame, Frame);
            if (i == lost)
            {
                Assert.Equal(OperationStatus.Done, decoder.DecodeFec(packets[i + 1], pcm, out int recovered));
                Assert.Equal(Frame, recovered);
                continue;
            }

            Assert.Equal(OperationStatus.Done, decoder.Decode(packets[i], pcm, out int samples));
            Assert.Equal(Frame, samples);
        }

        return output;
    }

    private static short[] RoundTrip(short[] input, OpusEncoderOptions options) =>
        DecodeAll(EncodeAll(input, options), lost: -1, useFec: false);

    private static int TotalBytes(OpusEncoder encoder, short[] input)
    {
        var packet = new byte[OpusEncoder.MaxPacketSize];
        int total = 0;
        for (int offset = 0; offset + Frame <= input.Length; offset += Frame)
        {
            total += encoder.Encode(input.AsSpan(offset, Frame), packet);
        }

        return total;
    }
}
