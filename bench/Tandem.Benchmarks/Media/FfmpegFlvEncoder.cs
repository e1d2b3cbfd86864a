using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Tandem.Benchmarks.Media;

/// <summary>
/// libx264 in an ffmpeg child process, fed raw I420 pictures on stdin — the child-process-and-pipe
/// path of <c>FfmpegVideoSource</c>. The output is FLV rather than Annex-B only so that each access
/// unit's end is known from its tag length the moment it arrives: an Annex-B reader must wait for the
/// next picture's start code, which would add a frame interval this benchmark is not about.
/// </summary>
internal sealed class FfmpegFlvEncoder : IDisposable
{
    // Adobe FLV file format spec v10.1, E.2–E.4: 9-byte header + PreviousTagSize0, then tags of
    // TagType(1) DataSize(3) Timestamp(3) TimestampExtended(1) StreamID(3), data, PreviousTagSize(4).
    private const int TagHeader = 11;
    private const byte VideoTag = 9;

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly byte[] _header = new byte[TagHeader];
    private byte[] _tag = new byte[1 << 20];
    private bool _started;

    public FfmpegFlvEncoder(int width, int height, int frameRate, int bitrateKbps, int threads)
    {
        var c = CultureInfo.InvariantCulture;
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", $"{width}x{height}",
            "-framerate", frameRate.ToString(c), "-i", "pipe:0", "-an", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-profile:v", "baseline", "-threads", threads.ToString(c), "-b:v", $"{bitrateKbps}k", "-maxrate", $"{bitrateKbps}k",
            "-bufsize", $"{bitrateKbps / 2}k", "-flush_packets", "1", "-f", "flv", "pipe:1",
        })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        _input = _process.StandardInput.BaseStream;
        _output = _process.StandardOutput.BaseStream;
    }

    /// <summary>CPU time ffmpeg has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Writes one picture and returns the size of its access unit once the whole unit has arrived.</summary>
    public int Encode(ReadOnlySpan<byte> picture)
    {
        _input.Write(picture);
        _input.Flush();
        if (!_started)
        {
            // The 9-byte file header and PreviousTagSize0, written once the first picture is in.
            _output.ReadExactly(_tag.AsSpan(0, 13));
            _started = true;
        }

        while (true)
        {
            int size = ReadTag(out byte type);

            // E.4.3.1 AVCVIDEOPACKET: AVCPacketType 1 is a NAL unit packet (0 is the sequence header).
            if (type == VideoTag && size > 1 && _tag[1] == 1)
            {
                return size;
            }
        }
    }

    public void Dispose()
    {
        _input.Dispose();
        _process.WaitForExit(5000);
        _process.Kill();
        _process.Dispose();
    }

    private int ReadTag(out byte type)
    {
        _output.ReadExactly(_header);
        type = _header[0];
        int size = (_header[1] << 16) | (_header[2] << 8) | _header[3];
        if (size + 4 > _tag.Length)
        {
            _tag = new byte[size + 4];
        }

        _output.ReadExactly(_tag.AsSpan(0, size + 4));
        return BinaryPrimitives.ReadInt32BigEndian(_tag.AsSpan(size)) == size + TagHeader ? size : throw new InvalidDataException("FLV tag sizes disagree");
    }
}
