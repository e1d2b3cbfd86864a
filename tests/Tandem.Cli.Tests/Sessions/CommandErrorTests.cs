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

    [Fact]
    public async Task Device_MissingVideoFile_ExitOneNamesTheFile()
    {
        var (code, _, errors) = await RunAsync("device", "--server", "ws://127.0.0.1:1/", "--id", "glasses_1", "--video", "/nonexistent/clip.h264");

        Assert.Equal(1, code);
        Assert.Contains("no such video file '/nonexistent/clip.h264'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_MissingCamera_ExitOneNamesTheDevice()
    {
        var (code, _, errors) = await RunAsync("device", "--server", "ws://127.0.0.1:1/", "--id", "glasses_1", "--video", "v4l2:/dev/nonexistent-video9");

        Assert.Equal(1, code);
        Assert.Contains("no such camera device '/dev/nonexistent-video9'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_WavNotSixteenKilohertzMono_ExitOneSaysWhy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tandem-{Guid.NewGuid():N}.wav");
        using (var writer = new Tandem.Media.Audio.WavWriter(File.Create(path), 48_000, 2))
        {
            writer.Write(new short[960]);
        }

        try
        {
            var (code, _, errors) = await RunAsync("device", "--server", "ws://127.0.0.1:1/", "--id", "glasses_1", "--no-video", "--audio", path);

            Assert.Equal(1, code);
            Assert.Contains("the audio must be 16 kHz mono", errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>Tests that swap Console.Out/Error run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
