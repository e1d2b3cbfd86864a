using System.Buffers;
using Tandem.Media.Opus;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Opus;

public class OpusImplementationTests
{
    private const int Rate = 16_000;
    private const int Frame = 320;

    [Fact]
    public void Auto_LibopusLoads_PicksLibopus()
    {
        using var encoder = new OpusEncoder();
        using var decoder = new OpusDecoder();

        Assert.Equal(OpusImplementation.Libopus, encoder.Implementation);
        Assert.Equal(OpusImplementation.Libopus, decoder.Implementation);
        Assert.StartsWith("libopus", OpusPacket.LibraryVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LibopusMissing_AutoFallsBackToConcentusAndExplicitChoicesStay()
    {
        Assert.Equal(OpusImplementation.Concentus, OpusCodecCore.Resolve(OpusImplementation.Auto, () => false));
        Assert.Equal(OpusImplementation.Libopus, OpusCodecCore.Resolve(OpusImplementation.Auto, () => true));
        Assert.Equal(OpusImplementation.Libopus, OpusCodecCore.Resolve(OpusImplementation.Libopus, () => throw new InvalidOperationException("not asked")));
        Assert.Throws<ArgumentOutOfRangeException>(() => OpusCodecCore.Resolve((OpusImplementation)9, () => true));
    }

    [Theory]
    [InlineData(OpusImplementation.Concentus, OpusImplementation.Libopus)]
    [InlineData(OpusImplementation.Libopus, OpusImplementation.Concentus)]
    [InlineData(OpusImplementation.Concentus, OpusImplementation.Concentus)]
    public void EncodeDecode_AcrossImplementations_ToneSurvives(OpusImplementation encoding, OpusImplementation decoding)
    {
        var input = Signals.Sine(Rate, 440, Rate);
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Implementation = encoding });
        using var decoder = new OpusDecoder(Rate, 1, decoding);
        var output = new short[input.Length];
        var packet = new byte[OpusEncoder.MaxPacketSize];

        for (int offset = 0; offset < input.Length; offset += Frame)
        {
            int length = encoder.Encode(input.AsSpan(offset, Frame), packet);
            Assert.Equal(OperationStatus.Done, decoder.Decode(packet.AsSpan(0, length), output.AsSpan(offset, Frame), out int samples));
            Assert.Equal(Frame, samples);
            Assert.Equal(Frame, OpusPacket.GetSampleCount(packet.AsSpan(0, length), Rate));
        }

        var decoded = output.AsSpan(1600);
        Assert.True(Signals.BestCorrelation(input.AsSpan(1600, 12_000), decoded, maxLag: 400, out _) > 0.9);
        Assert.InRange(Signals.Rms(decoded) / Signals.Rms(input.AsSpan(1600)), 0.7, 1.3);
        Assert.Equal((encoding, decoding), (encoder.Implementation, decoder.Implementation));
        Assert.Equal(Frame, decoder.LastPacketDuration);
    }

    [Fact]
    public void Concentus_Settings_ReadBack()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Implementation = OpusImplementation.Concentus, Bitrate = 16_000, Complexity = 5, Dtx = true });

        Assert.Equal((16_000, 5, true, true, 10), (encoder.Bitrate, encoder.Complexity, encoder.Dtx, encoder.InbandFec, encoder.ExpectedPacketLossPercent));
        Assert.InRange(encoder.Lookahead, 1, Frame);
        Assert.Throws<OpusException>(() => encoder.Complexity = 42);
    }

    [Fact]
    public void Concentus_LossAndFec_ConcealFullFrames()
    {
        var input = Signals.Sine(Rate, 440, Frame * 10);
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Implementation = OpusImplementation.Concentus, ExpectedPacketLossPercent = 30 });
        using var decoder = new OpusDecoder(Rate, 1, OpusImplementation.Concentus);
        var packets = Enumerable.Range(0, 10).Select(i =>
        {
            var packet = new byte[OpusEncoder.MaxPacketSize];
            return packet.AsSpan(0, encoder.Encode(input.AsSpan(i * Frame, Frame), packet)).ToArray();
        }).ToList();
        var pcm = new short[Frame];

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(OperationStatus.Done, decoder.Decode(packets[i], pcm, out _));
        }

        Assert.Equal(Frame, decoder.DecodeLost(pcm));
        Assert.True(Signals.Rms(pcm) > 100, "concealment is not silence after a tone");
        Assert.Equal(OperationStatus.Done, decoder.DecodeFec(packets[7], pcm, out int recovered));
        Assert.Equal(Frame, recovered);
    }

    [Fact]
    public void Concentus_GarbagePackets_ReturnInvalidDataNeverThrow()
    {
        using var decoder = new OpusDecoder(Rate, 1, OpusImplementation.Concentus);
        var random = new Random(11);
        var pcm = new short[5760];
        int invalid = 0;

        for (int i = 0; i < 500; i++)
        {
            var packet = new byte[random.Next(1, 400)];
            random.NextBytes(packet);
            invalid += decoder.Decode(packet, pcm, out _) == OperationStatus.InvalidData ? 1 : 0;
        }

        Assert.Equal(OperationStatus.InvalidData, decoder.Decode([0xFF, 0xFF, 0xFF], pcm, out _));
        Assert.True(invalid > 0, "random bytes include malformed packets");
        Assert.Equal(OpusError.InvalidPacket, decoder.LastError);
    }
}
