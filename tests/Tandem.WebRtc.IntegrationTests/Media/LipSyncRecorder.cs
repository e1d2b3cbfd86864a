extern alias TandemMedia;

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using TandemMedia::Tandem.Media.Opus;
using Tandem.WebRtc.Payloads.Opus;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// The app's side of the lip-sync test: keeps the H.264 it receives (to find the flashes with ffprobe)
/// and decodes the Opus, noting the RTP time of each beep onset (the first 1 ms window loud enough
/// after 200 ms of quiet).
/// </summary>
internal sealed class LipSyncRecorder
{
    private const double OnsetRms = 3000;
    private static readonly int QuietWindows = 200;

    private readonly Lock _lock = new();
    private readonly MemoryStream _video = new();
    private readonly List<uint> _frameTimestamps = [];
    private readonly List<uint> _beeps = [];
    private readonly OpusDecoder _decoder;
    private readonly short[] _pcm;
    private readonly int _sampleRate;
    private int _quiet;
    private bool _waitForKeyframe;

    public LipSyncRecorder(PeerConnection app, int sampleRate)
    {
        _sampleRate = sampleRate;
        _decoder = new OpusDecoder(sampleRate, 1);
        _pcm = new short[sampleRate * 120 / 1000];
        app.VideoFrameReceived += frame =>
        {
            lock (_lock)
            {
                // As a decoder would: after a damaged picture, wait for the next IDR.
                _waitForKeyframe = (_waitForKeyframe || frame.IsDamaged) && !frame.IsKeyframe;
                if (_waitForKeyframe)
                {
                    DamagedOrSkipped++;
                    return;
                }

                _video.Write(frame.AnnexB);
                _frameTimestamps.Add(frame.RtpTimestamp);
            }
        };
        app.AudioPacketReceived += OnAudio;
    }

    /// <summary>Frames left out: damaged ones (packets given up on) and those up to the next IDR.</summary>
    public int DamagedOrSkipped { get; private set; }

    public IReadOnlyList<uint> BeepTimestamps
    {
        get
        {
            lock (_lock)
            {
                return [.. _beeps];
            }
        }
    }

    /// <summary>The RTP timestamps of the received frames that start a flash (mean luma over 200, by ffprobe, after a darker one).</summary>
    public IReadOnlyList<uint> FlashTimestamps()
    {
        byte[] video;
        uint[] timestamps;
        lock (_lock)
        {
            video = _video.ToArray();
            timestamps = [.. _frameTimestamps];
        }

        var file = Path.Combine(Path.GetTempPath(), $"tandem-lipsync-{Guid.NewGuid():N}.h264");
        File.WriteAllBytes(file, video);
        try
        {
            var luma = MeanLuma(file);
            Assert.Equal(timestamps.Length, luma.Count);
            return [.. timestamps.Where((_, i) => luma[i] > 200 && (i == 0 || luma[i - 1] <= 200))];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<double> MeanLuma(string h264File)
    {
        var info = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-v", "error", "-f", "lavfi", "-i", $"movie={h264File},signalstats", "-show_entries", "frame_tags=lavfi.signalstats.YAVG", "-of", "csv=p=0" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffprobe did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
    }

    private void OnAudio(ReadOnlySpan<byte> opus, uint rtpTimestamp, ushort sequenceNumber)
    {
        lock (_lock)
        {
            if (_decoder.Decode(opus, _pcm, out var samples) != OperationStatus.Done)
            {
                return;
            }

            var window = _sampleRate / 1000;
            for (var start = 0; start + window <= samples; start += window)
            {
                var energy = 0.0;
                foreach (var sample in _pcm.AsSpan(start, window))
                {
                    energy += (double)sample * sample;
                }

                if (Math.Sqrt(energy / window) < OnsetRms)
                {
                    _quiet++;
                    continue;
                }

                if (_quiet >= QuietWindows)
                {
                    _beeps.Add(unchecked(rtpTimestamp + OpusRtp.SamplesToTicks(start, _sampleRate)));
                }

                _quiet = 0;
            }
        }
    }
}
