using Tandem.Testing;
using Tandem.Testing.Processes;
using static Tandem.Testing.Processes.Tandem;

namespace Tandem.EndToEnd.Tests;

/// <summary>The whole loop as a user runs it: server, <c>tandem device</c> and <c>tandem app</c> as three processes.</summary>
public class CallTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeviceTestsrcEcho_AppRecordsTenSeconds_FramesDecodeAudioPlaysEchoReturns()
    {
        var directory = NewDirectory("call");
        await using var server = await ServerProcess.StartAsync();
        await using var device = Device(server, "e2e_call", ["--video", "testsrc", "--size", "320x240", "--bitrate", "400", "--echo", "--play", Path.Combine(directory, "at-device.wav"), .. Loopback]);
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
        await using var app = App(server, "e2e_call", ["--record", directory, "--seconds", "10", "--send", "hello 1", "--send", "hello 2", .. Loopback]);

        var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var transcript = app.Transcript() + "\n" + device.Transcript();
        Assert.True(code == 0, $"app exit code {code}\n{transcript}");
        var (frames, errors) = FfmpegTool.CountDecodedFrames(Path.Combine(directory, "video.h264"));
        Assert.True(frames >= 270, $"ffprobe decoded {frames} frames ({errors})\n{transcript}");
        var summary = MediaChecks.Summary(app.Lines);
        Assert.Equal(summary.Frames, frames);
        Assert.True(summary.Keyframes >= 1);
        Assert.True(summary.AvOffsetMs is { } offset && Math.Abs(offset) < 150, $"A/V offset {summary.AvOffsetMs} ms\n{transcript}");
        var (seconds, rms) = MediaChecks.Wav(Path.Combine(directory, "audio.wav"));
        Assert.InRange(seconds, 9.5, 11.5);
        Assert.True(rms > 1000, $"audio RMS {rms:0}: the 440 Hz tone should be well above silence");
        await device.StopAsync(Wait);
        var (heard, heardRms) = MediaChecks.Wav(Path.Combine(directory, "at-device.wav"));
        Assert.True(heard > 8 && heardRms > 1000, $"the device heard {heard:0.0} s of the app's tone at RMS {heardRms:0}");
        Assert.Contains("data: echo: hello 1", app.Lines);
        Assert.Contains("data: echo: hello 2", app.Lines);
        Assert.Contains("data: hello 1", device.Lines);
        Assert.Contains(app.Lines, l => MediaChecks.StatusFps(l) > 20);
        Directory.Delete(directory, recursive: true);
    }
}
