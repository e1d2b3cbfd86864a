using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;

namespace Tandem.Server.Tests.Configuration;

public class CommandLineTests
{
    [Fact]
    public void Parse_EveryForm_SameKeysAndValuesAsDotNet()
    {
        string[] args = ["--a:b=1", "--c:d", "2", "/e:f", "3", "g:h=4", "bare", "-x", "5", "--i:j=", "--last"];
        var dotNet = new ConfigurationBuilder().AddCommandLine(args).Build().AsEnumerable()
            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        var ours = CommandLine.Parse(args);
        Assert.Equal(dotNet.OrderBy(kv => kv.Key), ours.Where(a => a.Key is not null).ToDictionary(a => a.Key!, a => a.Value).OrderBy(kv => kv.Key));
        Assert.Equal(["bare", "-x", "5", "--last"], ours.Where(a => a.Key is null).Select(a => a.Text));
    }

    [Fact]
    public void Check_MisspelledKeysAndIgnoredArguments_OneLineEachWithTheClosestKey()
    {
        Assert.Equal(
            ["  --Signaling:Prot=9000: unknown setting; did you mean --Signaling:Port=9000?",
             "  --port 9000: unknown setting; did you mean --Signaling:Port=9000?",
             "  --maxconnections=5: unknown setting; did you mean --Signaling:MaxConnections=5?",
             "  9001: not a setting; write settings as --Section:Key=VALUE",
             "  --urls http://0.0.0.0:80: unknown setting; --help lists every setting",
             "  --OpenTelemetry:Endpont=http://127.0.0.1:4318: unknown setting; did you mean --OpenTelemetry:Endpoint=http://127.0.0.1:4318?"],
            CommandLine.Check(["--Signaling:Prot=9000", "--port", "9000", "--maxconnections=5", "9001", "--urls", "http://0.0.0.0:80", "--OpenTelemetry:Endpont=http://127.0.0.1:4318"]));
    }

    [Fact]
    public void Check_KnownKeysAndOtherSections_NoProblem()
    {
        Assert.Empty(CommandLine.Check(
            ["--Signaling:Port=9000", "--signaling:port", "9001", "--Logging:LogLevel:Default=Debug", "--Logging:Console:FormatterName=json",
             "--Logging:File:LogLevel:Default=Warning", "--environment=Production", "--Kestrel:Limits:MaxRequestBodySize=10"]));
    }

    [Theory]
    [InlineData(true, "--help")]
    [InlineData(true, "-h")]
    [InlineData(true, "-?")]
    [InlineData(false, "--Signaling:Port=9000")]
    [InlineData(false, "--helpful=1")]
    public void AsksForHelp_HelpSwitches_Recognised(bool expected, string arg) =>
        Assert.Equal(expected, CommandLine.AsksForHelp(["--Signaling:ListenAddress=127.0.0.1", arg]));
}
