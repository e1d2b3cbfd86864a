using System.Net;
using System.Net.Sockets;

namespace Tandem.Cli.Tests.Sessions;

/// <summary>The commands' exit codes and messages for what goes wrong before a session runs.</summary>
[Collection(ConsoleCollection.Name)]
public class CommandErrorTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (capturedOut, capturedErr) = (new StringWriter(), new StringWriter());
        Console.SetOut(capturedOut);
        Console.SetError(capturedErr);
        try
        {
            var code = await Commands.RunAsync(args);
            return (code, capturedOut.ToString(), capturedErr.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Device_Help_UsageAndZero()
    {
        var (code, output, _) = await RunAsync("device", "--help");

        Assert.Equal(0, code);
        Assert.Contains("usage: tandem device", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_BadOption_UsageErrorTwo()
    {
        var (code, _, errors) = await RunAsync("app", "--server", "ws://127.0.0.1:1/", "--id", "app_1", "--fps", "3");

        Assert.Equal(2, code);
        Assert.Contains("tandem: unknown option '--fps'", errors, StringComparison.Ordinal);
        Assert.Contains("usage: tandem app", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_ServerUnreachable_ExitThreeWithMessage()
    {
        var (code, _, errors) = await RunAsync("app", "--server", $"ws://127.0.0.1:{ClosedPort()}/", "--id", "app_1", "--no-audio", "--quiet");

        Assert.Equal(3, code);
        Assert.Contains("cannot reach the signaling server", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("device --video /nonexistent/clip.h264",
        "tandem: --video /nonexistent/clip.h264: no such file: give testsrc, v4l2:/dev/videoN, an H.264 Annex-B file, or - for stdin")]
    [InlineData("device --video /etc/passwd --no-audio",
        "tandem: --video /etc/passwd: not an H.264 Annex-B file (it does not begin with a start code): make one with: ffmpeg -i IN -c:v libx264 -profile:v baseline -bsf:v h264_mp4toannexb -f h264 OUT.h264")]
    [InlineData("device --video /tmp --no-audio",
        "tandem: --video /tmp: that is a folder: give testsrc, v4l2:/dev/videoN, an H.264 Annex-B file, or - for stdin")]
    [InlineData("device --video v4l2:/dev/nonexistent-video9",
        "tandem: --video v4l2:/dev/nonexistent-video9: no such camera device: list them with 'ls /dev/video*' (e.g. v4l2:/dev/video0)")]
    [InlineData("device --no-video --audio /etc/passwd",
        "tandem: --audio /etc/passwd: not a usable file (Not a RIFF/WAVE stream): give a 16 kHz mono 16-bit WAV file (convert it with: ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav)")]
    [InlineData("device --no-video --audio /nonexistent/a.wav",
        "tandem: --audio /nonexistent/a.wav: no such file: give tone, silence, alsa:DEVICE or a 16 kHz mono 16-bit WAV file")]
    [InlineData("device --no-video --play /proc/nope.wav",
        "tandem: --play /proc/nope.wav: cannot create that file: give a WAV file path you can write to, or aplay or ffplay")]
    [InlineData("device --no-video --play /tmp",
        "tandem: --play /tmp: that is a folder: give a WAV file path you can write to, or aplay or ffplay")]
    [InlineData("app --audio /etc/passwd",
        "tandem: --audio /etc/passwd: not a usable file (Not a RIFF/WAVE stream): give a 16 kHz mono 16-bit WAV file (convert it with: ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav)")]
    [InlineData("app --audio alsa:default",
        "tandem: --audio alsa:default: no such file: give tone, silence or a 16 kHz mono 16-bit WAV file")]
    [InlineData("app --record /proc/nope",
        "tandem: --record /proc/nope: cannot create that folder: give a folder you can write to (it is created when missing), e.g. --record out")]
    [InlineData("app --record /etc/passwd",
        "tandem: --record /etc/passwd: that is a file, not a folder: give a folder you can write to (it is created when missing), e.g. --record out")]
    public async Task MediaOption_Unusable_OneLineNamingItAndExitTwo(string command, string message)
    {
        var words = command.Split(' ');
        var id = words[0] == "device" ? "glasses_1" : "app_1";
        var (code, output, errors) = await RunAsync([words[0], "--server", "ws://127.0.0.1:1/", "--id", id, .. words[1..]]);

        Assert.Equal(2, code);
        Assert.Equal(message + Environment.NewLine, errors);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Device_WavNotSixteenKilohertzMono_ExitTwoSaysHowToConvert()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tandem-{Guid.NewGuid():N}.wav");
        using (var writer = new Tandem.Media.Audio.WavWriter(File.Create(path), 48_000, 2))
        {
            writer.Write(new short[960]);
        }

        try
        {
            var (code, _, errors) = await RunAsync("device", "--server", "ws://127.0.0.1:1/", "--id", "glasses_1", "--no-video", "--audio", path);

            Assert.Equal(2, code);
            Assert.Equal($"tandem: --audio {path}: the audio is 48000 Hz, 2 channel(s) and must be 16 kHz mono: convert it with: ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav"
                + Environment.NewLine, errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("app", "foo_123", "tandem: --id: 'foo_123' has an unknown prefix 'foo_': give app_<uid> or the bare <uid> (e.g. --id app_123456 or --id 123456)")]
    [InlineData("device", "foo_123", "tandem: --id: 'foo_123' has an unknown prefix 'foo_': give glasses_<uid> or the bare <uid> (e.g. --id glasses_123456 or --id 123456)")]
    [InlineData("app", "glasses_123", "tandem: --id: 'glasses_123' is the other side's id: this command joins as app_123 (give --id app_<uid> or the bare <uid>)")]
    public async Task Id_NotThisCommandsForm_UsageErrorNamesBothForms(string command, string id, string message)
    {
        var (code, _, errors) = await RunAsync(command, "--server", "ws://127.0.0.1:1/", "--id", id);

        Assert.Equal(2, code);
        var lines = errors.Split(Environment.NewLine);
        Assert.Equal(message, lines[0]);
        Assert.Equal($"usage: tandem {command} --server ws://HOST:PORT/ --id {(command == "app" ? "app" : "glasses")}_<uid> [options]", lines[1]);
    }
}

/// <summary>Tests that swap Console.Out/Error run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
