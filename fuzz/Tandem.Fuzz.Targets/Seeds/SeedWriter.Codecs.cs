extern alias TandemMedia;

using System.Diagnostics;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.Payloads.H264;

namespace Tandem.Fuzz.Targets.Seeds;

public static partial class SeedWriter
{
    private static List<(string, byte[])> AnnexB()
    {
        byte[] stream = Encode(64, 48, frames: 4);
        byte[] small = [.. Convert.FromHexString("00000001091000000001") , .. Convert.FromHexString("6742C01FDA014016EC0440000003004000000F23C60CA8"),
            .. Convert.FromHexString("0000000168CE3C80000001658884002000")];
        return [("read-1.h264", [0, .. stream]), ("read-64.h264", [63, .. stream]), ("hand-made.h264", [200, .. small])];
    }

    private static List<(string, byte[])> H264Rtp()
    {
        byte[] stream = Encode(160, 120, frames: 3);
        var packets = new List<byte[]>();
        var packetizer = new H264Packetizer(maxPayloadSize: 300);
        ushort sequence = 1000;
        uint timestamp = 90000;
        foreach (byte[] unit in SplitAccessUnits(stream))
        {
            packetizer.Packetize(unit, timestamp, packets, (payload, ts, marker, list) =>
                list.Add(RtpBytes(102, sequence++, ts, 0xabc, payload, marker)));
            timestamp += 3000;
        }

        return [("stream.bin", FramedInput.Frame([.. packets])), ("first-packets.bin", FramedInput.Frame([.. packets.Take(6)]))];
    }

    private static List<(string, byte[])> OpusRtp()
    {
        using var encoder = new OpusEncoder();
        var pcm = new short[encoder.FrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var packets = new List<byte[]>();
        for (var frame = 0; frame < 6; frame++)
        {
            for (var i = 0; i < pcm.Length; i++)
            {
                pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * ((frame * pcm.Length) + i) / encoder.SampleRate));
            }

            int length = encoder.Encode(pcm, packet);
            packets.Add(RtpBytes(111, (ushort)(frame == 4 ? 7 : frame), (uint)(960 * frame), 0x0a0b, packet.AsSpan(0, length)));
        }

        return [("tone.bin", FramedInput.Frame([.. packets])), ("toc-codes.bin", FramedInput.Frame(RtpBytes(111, 1, 0, 1, [0x03, 0x02]), RtpBytes(111, 2, 960, 1, [0xfb, 0x81]), RtpBytes(111, 3, 1920, 1, [0x79])))];
    }

    /// <summary>A few frames of libx264 baseline through ffmpeg, with access unit delimiters.</summary>
    private static byte[] Encode(int width, int height, int frames)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tandem-fuzz-seed-{Environment.ProcessId}.h264");
        var info = new ProcessStartInfo("ffmpeg", $"-v error -y -f lavfi -i testsrc2=size={width}x{height}:rate=30 -frames:v {frames} -c:v libx264 -profile:v baseline -g 2 -x264-params aud=1 -f h264 {path}");
        using (var process = Process.Start(info)!)
        {
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("ffmpeg could not encode the H.264 seed: is ffmpeg with libx264 installed?");
            }
        }

        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    /// <summary>Splits at access unit delimiters (type 9), which the seed streams carry.</summary>
    private static List<byte[]> SplitAccessUnits(byte[] stream)
    {
        var starts = new List<int>();
        for (var i = 0; i + 4 < stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1 && (stream[i + 4] & 0x1F) == 9)
            {
                starts.Add(i);
            }
        }

        starts.Add(stream.Length);
        return starts.Zip(starts.Skip(1), (from, to) => stream[from..to]).ToList();
    }
}
