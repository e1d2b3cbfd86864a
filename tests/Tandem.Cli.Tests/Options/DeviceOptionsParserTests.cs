using System.Net;
using Tandem.Cli.Options;

namespace Tandem.Cli.Tests.Options;

public class DeviceOptionsParserTests
{
    private static DeviceOptions Parse(params string[] args)
    {
        Assert.True(DeviceOptionsParser.TryParse(args, out var options, out var error), error);
        return options!;
    }

    private static string Error(params string[] args)
    {
        Assert.False(DeviceOptionsParser.TryParse(args, out _, out var error));
        return error;
    }

    [Fact]
    public void TryParse_ServerAndId_Defaults()
    {
        var options = Parse("--server", "ws://127.0.0.1:8000/", "--id", "glasses_123456");

        Assert.Equal(new Uri("ws://127.0.0.1:8000/"), options.Common.Server);
        Assert.Equal("glasses_123456", options.Common.Id);
        Assert.Equal("testsrc", options.Video);
        Assert.Equal("tone", options.Audio);
        Assert.Equal(30, options.FrameRate);
        Assert.Equal((1280, 720, 1500), (options.Width, options.Height, options.BitrateKbps));
        Assert.True(options.Common.Video && options.Common.Audio && options.Common.Data);
        Assert.False(options.Common.Echo);
        Assert.Empty(options.Common.SendBinary ?? []);
        Assert.Null(options.Common.Seconds);
        Assert.Null(options.Common.TimeoutSeconds);
        Assert.Null(options.Common.IceAddresses);
    }

    [Fact]
    public void TryParse_EveryOption_Applied()
    {
        var options = Parse("--server", "ws://h:1/", "--id", "123456", "--video", "-", "--fps", "25", "--size", "320x240",
            "--bitrate", "300", "--audio", "a.wav", "--no-audio", "--echo", "--send", "hi", "--send", "there", "--send-binary", "00FF10", "--seconds", "10",
            "--timeout", "5", "--ice-address", "127.0.0.1,10.77.0.1", "--ice-loopback", "--quiet");

        Assert.Equal("glasses_123456", options.Common.Id);
        Assert.Equal("-", options.Video);
        Assert.Equal(25, options.FrameRate);
        Assert.Equal((320, 240, 300), (options.Width, options.Height, options.BitrateKbps));
        Assert.Equal("a.wav", options.Audio);
        Assert.False(options.Common.Audio);
        Assert.True(options.Common.Echo);
        Assert.Equal(["hi", "there"], options.Common.Send);
        Assert.Equal([new byte[] { 0x00, 0xFF, 0x10 }], options.Common.SendBinary!);
        Assert.Equal(10, options.Common.Seconds);
        Assert.Equal(5, options.Common.TimeoutSeconds);
        Assert.Equal([IPAddress.Loopback, IPAddress.Parse("10.77.0.1")], options.Common.IceAddresses);
        Assert.True(options.Common.IceLoopback);
        Assert.True(options.Common.Quiet);
    }

    [Theory]
    [InlineData("--no-video")]
    [InlineData("--no-audio")]
    [InlineData("--no-data")]
    [InlineData("--no-video", "--no-audio")]
    [InlineData("--no-video", "--no-data")]
    [InlineData("--no-audio", "--no-data")]
    public void TryParse_FeatureCombination_OnlyThoseOff(params string[] off)
    {
        var options = Parse(["--server", "ws://h:1/", "--id", "glasses_1", .. off]);

        Assert.Equal(!off.Contains("--no-video"), options.Common.Video);
        Assert.Equal(!off.Contains("--no-audio"), options.Common.Audio);
        Assert.Equal(!off.Contains("--no-data"), options.Common.Data);
    }

    [Theory]
    [InlineData("--id glasses_1", "--server is required")]
    [InlineData("--server ws://h:1/", "--id is required")]
    [InlineData("--server http://h:1/ --id glasses_1", "not a ws:// or wss:// URI")]
    [InlineData("--server ws://h:1/ --id app_1", "the other side's id")]
    [InlineData("--server ws://h:1/ --id glasses_a/b", "1-64 characters")]
    [InlineData("--server ws://h:1/ --id glasses_1 --fps 0", "--fps: '0' is not a number from 1 to 120")]
    [InlineData("--server ws://h:1/ --id glasses_1 --size 320", "--size: '320'")]
    [InlineData("--server ws://h:1/ --id glasses_1 --size 321x240", "even sizes")]
    [InlineData("--server ws://h:1/ --id glasses_1 --size 16x16", "from 32x32")]
    [InlineData("--server ws://h:1/ --id glasses_1 --ice-address nope", "--ice-address: 'nope' is not an IP address")]
    [InlineData("--server ws://h:1/ --id glasses_1 --bogus", "unknown option '--bogus'")]
    [InlineData("--server ws://h:1/ --id glasses_1 extra", "unexpected argument 'extra'")]
    [InlineData("--server ws://h:1/ --id glasses_1 --fps", "--fps needs a value")]
    [InlineData("--server ws://h:1/ --id glasses_1 --no-video --no-audio --no-data", "leave nothing to connect")]
    [InlineData("--server ws://h:1/ --id glasses_1 --no-data --echo", "--echo needs the data channel")]
    [InlineData("--server ws://h:1/ --id glasses_1 --no-data --send x", "--send needs the data channel")]
    [InlineData("--server ws://h:1/ --id glasses_1 --no-audio --play aplay", "--play needs audio")]
    public void TryParse_Mistake_MessageNamesIt(string args, string message) =>
        Assert.Contains(message, Error(args.Split(' ')), StringComparison.Ordinal);

    [Fact]
    public void TryParse_FrameTimeline_OnlyWhenAsked()
    {
        Assert.False(Parse("--server", "ws://h:1/", "--id", "glasses_1").FrameTimeline);
        Assert.True(Parse("--server", "ws://h:1/", "--id", "glasses_1", "--frame-timeline").FrameTimeline);
    }

    [Fact]
    public void TryParse_MediaTrace_OnlyWhenAsked()
    {
        Assert.False(Parse("--server", "ws://h:1/", "--id", "glasses_1").MediaTrace);
        Assert.True(Parse("--server", "ws://h:1/", "--id", "glasses_1", "--media-trace").MediaTrace);
    }

    [Fact]
    public void TryParse_PlayAndAlsa_Kept()
    {
        var options = Parse("--server", "ws://h:1/", "--id", "glasses_1", "--play", "aplay", "--audio", "alsa:hw:0");

        Assert.Equal("aplay", options.Play);
        Assert.Equal("alsa:hw:0", options.Audio);
    }

    [Fact]
    public void TryParse_VideoFromStdin_DashIsAValue() =>
        Assert.Equal("-", Parse("--server", "ws://h:1/", "--id", "glasses_1", "--video", "-").Video);

    [Fact]
    public void Usage_ListsEveryOptionAndExitCodes()
    {
        foreach (var option in new[] { "--server", "--id", "--video", "--fps", "--audio", "--no-video", "--no-audio", "--no-data", "--echo", "--send-binary", "--seconds", "--timeout", "--ice-address" })
        {
            Assert.Contains(option, DeviceOptionsParser.Usage, StringComparison.Ordinal);
        }

        Assert.Contains("3 server unreachable", DeviceOptionsParser.Usage, StringComparison.Ordinal);
    }
}
