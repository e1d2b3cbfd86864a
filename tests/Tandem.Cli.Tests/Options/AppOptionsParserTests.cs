using Tandem.Cli.Options;

namespace Tandem.Cli.Tests.Options;

public class AppOptionsParserTests
{
    [Fact]
    public void TryParse_RecordAndSeconds_Applied()
    {
        Assert.True(AppOptionsParser.TryParse(["--server", "ws://127.0.0.1:8000/", "--id", "app_123456", "--record", "out", "--seconds", "10", "--no-audio"], out var options, out var error), error);

        Assert.Equal("app_123456", options!.Common.Id);
        Assert.Equal("out", options.RecordDirectory);
        Assert.Equal(10, options.Common.Seconds);
        Assert.False(options.Common.Audio);
        Assert.True(options.Common.Video && options.Common.Data);
        Assert.Equal("tone", options.Audio);
    }

    [Fact]
    public void TryParse_Defaults_TimeoutSixtySecondsNoRecording()
    {
        Assert.True(AppOptionsParser.TryParse(["--server", "ws://h:1/", "--id", "123"], out var options, out var error), error);

        Assert.Equal("app_123", options!.Common.Id);
        Assert.Equal(60, options.Common.TimeoutSeconds);
        Assert.Null(options.RecordDirectory);
        Assert.Null(options.Common.Seconds);
    }

    [Fact]
    public void TryParse_TimeoutZero_WaitsForEver()
    {
        Assert.True(AppOptionsParser.TryParse(["--server", "ws://h:1/", "--id", "app_1", "--timeout", "0", "--audio", "silence"], out var options, out var error), error);

        Assert.Null(options!.Common.TimeoutSeconds);
        Assert.Equal("silence", options.Audio);
    }

    [Fact]
    public void TryParse_EchoAndBinary_Applied()
    {
        Assert.True(AppOptionsParser.TryParse(["--server", "ws://h:1/", "--id", "app_1", "--echo", "--send-binary", "0001fe", "--send-binary", "ff"],
            out var options, out var error), error);

        Assert.True(options!.Common.Echo);
        Assert.Equal([new byte[] { 0x00, 0x01, 0xFE }, [0xFF]], options.Common.SendBinary!);
    }

    [Theory]
    [InlineData("--server ws://h:1/ --id glasses_1", "the other side's id")]
    [InlineData("--server ws://h:1/ --id app_1 --no-data --echo", "--echo needs the data channel")]
    [InlineData("--server ws://h:1/ --id app_1 --send-binary 0g", "--send-binary: '0g' is not an even number of hex digits")]
    [InlineData("--server ws://h:1/ --id app_1 --send-binary abc", "--send-binary: 'abc' is not an even number of hex digits")]
    [InlineData("--server ws://h:1/ --id app_1 --no-data --send-binary 00", "--send-binary needs the data channel")]
    [InlineData("--server ws://h:1/ --id app_1 --record", "--record needs a value")]
    [InlineData("--server ws://h:1/ --id app_1 --seconds -1", "--seconds: '-1' is not a number")]
    [InlineData("--server ws://h:1/ --id app_1 --no-video --no-audio --no-data", "leave nothing to connect")]
    public void TryParse_Mistake_MessageNamesIt(string args, string message)
    {
        Assert.False(AppOptionsParser.TryParse(args.Split(' '), out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
