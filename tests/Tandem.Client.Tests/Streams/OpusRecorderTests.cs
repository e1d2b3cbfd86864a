using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Opus;

namespace Tandem.Client.Tests.Streams;

public class OpusRecorderTests
{
    private const int FrameSamples = 320;

    private static List<byte[]> TonePackets(int count)
    {
        using var encoder = new OpusEncoder();
        var tone = new ToneGenerator(16_000, 440, 0.4);
        var pcm = new short[FrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var packets = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            tone.Fill(pcm);
            packets.Add(packet.AsSpan(0, encoder.Encode(pcm, packet)).ToArray());
        }

        return packets;
    }

    [Fact]
    public void Write_InOrder_DecodesEveryFrameToWav()
    {
        var wav = new MemoryStream();
        var recorder = new OpusRecorder(wav);
        var packets = TonePackets(50);

        for (var i = 0; i < packets.Count; i++)
        {
            recorder.Write(packets[i], (ushort)(65_530 + i));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), recorder.Duration);
        recorder.Dispose();
        Assert.Equal(44 + (50 * FrameSamples * 2), wav.ToArray().Length);
        Assert.Equal(0, recorder.ConcealedFrames);
    }

    [Fact]
    public void Write_Gap_ConcealsMissingFramesSoTimingHolds()
    {
        var recorder = new OpusRecorder(null);
        var packets = TonePackets(10);

        for (var i = 0; i < 10; i++)
        {
            if (i is not (3 or 4 or 5))
            {
                recorder.Write(packets[i], (ushort)i);
            }
        }

        Assert.Equal(TimeSpan.FromMilliseconds(200), recorder.Duration);
        Assert.Equal(3, recorder.ConcealedFrames);
        Assert.Equal(7, recorder.Received.Frames);
        recorder.Dispose();
    }

    [Fact]
    public void Write_LateOrDuplicate_Dropped()
    {
        using var recorder = new OpusRecorder(null);
        var packets = TonePackets(3);

        recorder.Write(packets[0], 10);
        recorder.Write(packets[1], 11);
        recorder.Write(packets[1], 11);
        recorder.Write(packets[0], 10);

        Assert.Equal(TimeSpan.FromMilliseconds(40), recorder.Duration);
    }

    [Fact]
    public void Write_GarbagePacket_NoSamplesNoThrow()
    {
        using var recorder = new OpusRecorder(null);

        recorder.Write([0xFF, 0xFF, 0xFF], 1);
        recorder.Write([], 2);

        Assert.Equal(2, recorder.Received.Frames);
        Assert.True(recorder.Duration < TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Reset_NewStream_SequenceNumbersStartOver()
    {
        using var recorder = new OpusRecorder(null);
        var packets = TonePackets(2);
        recorder.Write(packets[0], 5000);

        recorder.Reset();
        recorder.Write(packets[1], 7);

        Assert.Equal(TimeSpan.FromMilliseconds(40), recorder.Duration);
        Assert.Equal(0, recorder.ConcealedFrames);
    }
}
