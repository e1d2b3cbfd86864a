using System.Net;
using Tandem.Load.Options;

namespace Tandem.Load.Tests.Options;

public class LoadOptionsParserTests
{
    [Fact]
    public void TryParse_AllOptions_ReadsEveryValue()
    {
        var ok = LoadOptionsParser.TryParse(
            ["--server", "ws://127.0.0.1:9000/", "--target", "peerjs", "--pairs", "50", "--concurrency", "4",
             "--ice", "3", "--rounds", "2", "--rate", "12.5", "--source-ips", "127.0.0.1-127.0.0.3",
             "--json", "out.json", "--server-pid", "42", "--timeout", "5", "--quiet"],
            out var options, out var error);

        Assert.True(ok, error);
        Assert.NotNull(options);
        Assert.Equal(new Uri("ws://127.0.0.1:9000/"), options.Server);
        Assert.Equal(LoadTarget.PeerJs, options.Target);
        Assert.Equal((50, 4, 3, 2), (options.Pairs, options.Concurrency, options.IceCandidates, options.Rounds));
        Assert.Equal(12.5, options.Rate);
        Assert.Equal(3, options.SourceAddresses.Count);
        Assert.Equal("out.json", options.JsonPath);
        Assert.Equal(42, options.ServerPid);
        Assert.Equal(5, options.TimeoutSeconds);
        Assert.True(options.Quiet);
        Assert.Equal(2L * 2 * (1 + 3), options.MessagesPerPair);
    }

    [Fact]
    public void TryParse_SeveralServers_PairMembersOnDifferentNodesInTurn()
    {
        Assert.True(LoadOptionsParser.TryParse(["--server", "ws://127.0.0.1:8001/, ws://127.0.0.1:8002/,ws://127.0.0.1:8003/"], out var options, out var error), error);
        Assert.Equal(3, options!.Servers.Count);
        Assert.Equal(new Uri("ws://127.0.0.1:8001/"), options.Server);
        Assert.Equal((8001, 8002), (options.ServerFor(0, 0).Port, options.ServerFor(0, 1).Port));
        Assert.Equal((8003, 8001), (options.ServerFor(2, 0).Port, options.ServerFor(2, 1).Port));
    }

    [Fact]
    public void TryParse_SeveralServersOneBad_ErrorNamesIt()
    {
        Assert.False(LoadOptionsParser.TryParse(["--server", "ws://127.0.0.1:8001/,http://127.0.0.1:8002/"], out _, out var error));
        Assert.Contains("'http://127.0.0.1:8002/'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OnlyServer_UsesDefaults()
    {
        Assert.True(LoadOptionsParser.TryParse(["--server", "ws://h:1/"], out var options, out _));
        Assert.Equal((LoadTarget.Tandem, 1000, 32, 10, 1), (options!.Target, options.Pairs, options.Concurrency, options.IceCandidates, options.Rounds));
        Assert.Equal([IPAddress.Loopback], options.SourceAddresses);
        Assert.Null(options.ServerPid);
        Assert.Equal(0, options.Hold);
    }

    [Fact]
    public void TryParse_Hold_DefaultsToHundredProbePairs()
    {
        Assert.True(LoadOptionsParser.TryParse(["--server", "ws://h:1/", "--hold", "1000"], out var options, out _));
        Assert.Equal((1000, 100), (options!.Hold, options.Pairs));
    }

    [Theory]
    [InlineData(new[] { "--pairs", "10" }, "--server is required (e.g. --server ws://127.0.0.1:8000/)")]
    [InlineData(new[] { "--server", "http://h:1/" }, "--server: 'http://h:1/' is not a ws:// or wss:// URI")]
    [InlineData(new[] { "--server", "ws://h:1/", "--pairs", "ten" }, "--pairs: 'ten' is not a whole number from 1 to 10000000")]
    [InlineData(new[] { "--server", "ws://h:1/", "--pairs", "0" }, "--pairs: '0' is not a whole number from 1 to 10000000")]
    [InlineData(new[] { "--server", "ws://h:1/", "--concurrency" }, "--concurrency needs a value")]
    [InlineData(new[] { "--server", "ws://h:1/", "--pairs", "--ice", "3" }, "--pairs needs a value")]
    [InlineData(new[] { "--server", "ws://h:1/", "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--server", "ws://h:1/", "stray" }, "unexpected argument 'stray' (options start with --)")]
    [InlineData(new[] { "--server", "ws://h:1/", "--target", "janus" }, "--target: 'janus' is not one of tandem, relay, peerjs")]
    [InlineData(new[] { "--server", "ws://h:1/", "--rate", "-1" }, "--rate: '-1' is not a number from 0 to 10000000")]
    [InlineData(new[] { "--server", "ws://h:1/", "--hold", "3" }, "--hold must be even: held connections are joined in glasses/app pairs")]
    [InlineData(new[] { "--server", "ws://h:1/", "--source-ips", "127.0.0.9-127.0.0.1" }, "--source-ips: range '127.0.0.9-127.0.0.1' ends before it starts")]
    [InlineData(new[] { "--server", "ws://h:1/", "--source-ips", "localhost" }, "--source-ips: 'localhost' is not an IPv4 address or range like 127.0.0.1-127.0.0.8")]
    public void TryParse_BadArguments_GivesClearMessage(string[] args, string expected)
    {
        Assert.False(LoadOptionsParser.TryParse(args, out var options, out var error));
        Assert.Null(options);
        Assert.Equal(expected, error);
    }
}
