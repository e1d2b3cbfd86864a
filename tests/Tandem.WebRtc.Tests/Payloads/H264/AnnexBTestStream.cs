using System.Diagnostics;

namespace Tandem.WebRtc.Tests.Payloads.H264;

/// <summary>
/// Real encoder output for the H.264 tests: 2 s of 720p baseline from ffmpeg/libx264, an IDR
/// every 15 frames, access unit delimiters on, split into access units. SPS/PPS are then removed
/// from every unit but the first, as an encoder that emits them only once would do.
/// </summary>
public sealed class AnnexBTestStream : IDisposable
{
    public AnnexBTestStream()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tandem-h264-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        SourcePath = Path.Combine(Directory, "source.h264");
        Run("ffmpeg", $"-v error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -t 2 -c:v libx264 -profile:v baseline -tune zerolatency -g 15 -x264-params aud=1 -bsf:v h264_mp4toannexb -f h264 {SourcePath}");
        Bytes = File.ReadAllBytes(SourcePath);
        var units = SplitAccessUnits(Bytes);
        for (var i = 1; i < units.Count; i++)
        {
            units[i].RemoveAll(n => (n[0] & 0x1F) is 7 or 8);
        }

        AccessUnits = units;
    }

    public string Directory { get; }

    public string SourcePath { get; }

    public byte[] Bytes { get; }

    /// <summary>Each access unit as its list of NAL units (no start codes).</summary>
    public IReadOnlyList<List<byte[]>> AccessUnits { get; }

    public static string Run(string program, string arguments)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {stderr}");
        return stdout.Result;
    }

    /// <summary>Counts the frames ffprobe decodes in an Annex-B file.</summary>
    public static int CountDecodedFrames(string path) => int.Parse(
        Run("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 {path}").Trim(),
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Builds an Annex-B stream (4-byte start codes) from NAL units.</summary>
    public static byte[] ToAnnexB(IEnumerable<byte[]> nals)
    {
        var output = new List<byte>();
        foreach (var nal in nals)
        {
            output.AddRange([0, 0, 0, 1]);
            output.AddRange(nal);
        }

        return [.. output];
    }

    /// <summary>Splits an Annex-B stream into NAL units (without start codes or trailing zeros).</summary>
    public static List<byte[]> SplitNals(ReadOnlySpan<byte> data)
    {
        var nals = new List<byte[]>();
        var starts = new List<int>();
        for (var i = 0; i + 2 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1)
            {
                starts.Add(i + 3);
                i += 2;
            }
        }

        for (var k = 0; k < starts.Count; k++)
        {
            var end = k + 1 < starts.Count ? starts[k + 1] - 3 : data.Length;
            while (end > starts[k] && data[end - 1] == 0)
            {
                end--;
            }

            if (end > starts[k])
            {
                nals.Add(data[starts[k]..end].ToArray());
            }
        }

        return nals;
    }

    /// <summary>
    /// ITU-T H.264 §7.4.1.2.3, simplified: a new access unit starts at a non-VCL unit following a
    /// VCL unit, or at a slice with first_mb_in_slice = 0 (first bit of its payload set).
    /// </summary>
    private static List<List<byte[]>> SplitAccessUnits(byte[] stream)
    {
        var units = new List<List<byte[]>>();
        var current = new List<byte[]>();
        var hasVcl = false;
        foreach (var nal in SplitNals(stream))
        {
            var type = nal[0] & 0x1F;
            var isVcl = type is 1 or 5;
            var startsUnit = hasVcl && (!isVcl || (nal[1] & 0x80) != 0);
            if (startsUnit)
            {
                units.Add(current);
                current = [];
                hasVcl = false;
            }

            current.Add(nal);
            hasVcl |= isVcl;
        }

        if (current.Count > 0)
        {
            units.Add(current);
        }

        return units;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
