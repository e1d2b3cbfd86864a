using System.Net;
using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;
using Tandem.Server.Tests.TestSupport;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Tests;

public class ConfigurationTests
{
    private static ServerSettings Load(params (string Key, string Value)[] values) =>
        ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Load_Nothing_SpecifiedDefaults()
    {
        var settings = Load();
        Assert.Equal(IPAddress.Any, settings.ListenAddress);
        Assert.Equal(8000, settings.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Signaling.RoomTimeout);
        Assert.Equal(1000, settings.Signaling.MaxConnections);
        Assert.Equal(10000, settings.Signaling.MessageQueueSize);
        Assert.Equal(65536, settings.Signaling.MaxMessageBytes);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Signaling.JoinTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Signaling.ReconnectGrace);
        Assert.Equal(DuplicateIdPolicy.Replace, settings.Signaling.DuplicateIdPolicy);
        Assert.Equal(20, settings.Signaling.MaxBadMessagesPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.StatsInterval);
    }

    [Fact]
    public void Load_EveryKey_Read()
    {
        var settings = Load(
            ("Signaling:ListenAddress", "127.0.0.1"),
            ("Signaling:Port", "9000"),
            ("Signaling:RoomTimeoutSeconds", "2"),
            ("Signaling:MaxConnections", "60"),
            ("Signaling:MessageQueueSize", "500"),
            ("Signaling:MaxMessageBytes", "4096"),
            ("Signaling:KeepAliveIntervalSeconds", "5"),
            ("Signaling:KeepAliveTimeoutSeconds", "6"),
            ("Signaling:JoinTimeoutSeconds", "3"),
            ("Signaling:ReconnectGraceSeconds", "4"),
            ("Signaling:DuplicateIdPolicy", "reject"),
            ("Signaling:MaxBadMessagesPerMinute", "7"),
            ("Signaling:StatsIntervalSeconds", "10"));
        Assert.Equal(IPAddress.Loopback, settings.ListenAddress);
        Assert.Equal(9000, settings.Port);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Signaling.RoomTimeout);
        Assert.Equal(60, settings.Signaling.MaxConnections);
        Assert.Equal(500, settings.Signaling.MessageQueueSize);
        Assert.Equal(4096, settings.Signaling.MaxMessageBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(6), settings.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Signaling.JoinTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), settings.Signaling.ReconnectGrace);
        Assert.Equal(DuplicateIdPolicy.Reject, settings.Signaling.DuplicateIdPolicy);
        Assert.Equal(7, settings.Signaling.MaxBadMessagesPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.StatsInterval);
    }

    [Theory]
    [InlineData("Signaling:Port", "abc")]
    [InlineData("Signaling:Port", "70000")]
    [InlineData("Signaling:ListenAddress", "not-an-ip")]
    [InlineData("Signaling:RoomTimeoutSeconds", "0")]
    [InlineData("Signaling:MaxConnections", "-1")]
    [InlineData("Signaling:MessageQueueSize", "x")]
    [InlineData("Signaling:DuplicateIdPolicy", "sometimes")]
    [InlineData("Signaling:MaxBadMessagesPerMinute", "1.5")]
    public void Load_InvalidValue_FailsNamingTheKey(string key, string value)
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load((key, value)));
        var problem = Assert.Single(e.Problems);
        Assert.StartsWith($"  {key} = '{value}': must be ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeysOfOurSections_RefusedWithTheClosestKey()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load(
            ("Signaling:Prot", "9000"), ("Admin:Tokn", "x"), ("Logging:File:Pth", "/tmp/x"), ("Signaling:Colour", "blue")));
        Assert.Equal(
            ["  Admin:Tokn (MemoryConfigurationProvider): unknown setting; did you mean Admin:Token?",
             "  Logging:File:Pth (MemoryConfigurationProvider): unknown setting; did you mean Logging:File:Path?",
             "  Signaling:Colour (MemoryConfigurationProvider): unknown setting; --help lists every setting",
             "  Signaling:Prot (MemoryConfigurationProvider): unknown setting; did you mean Signaling:Port?"],
            e.Problems);
    }

    [Fact]
    public void Load_KeysOfOtherSectionsAndFamilies_Accepted()
    {
        var settings = Load(
            ("Logging:LogLevel:Default", "Debug"), ("Logging:Console:FormatterName", "json"), ("Kestrel:Limits:MaxRequestBodySize", "1"),
            ("AllowedHosts", "*"), ("Logging:File:LogLevel:Tandem.Signaling", "Warning"));
        Assert.Equal(8000, settings.Port);
    }

    [Fact]
    public void Load_FamilyValueInvalid_FailsNamingTheKey()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load(("Logging:File:LogLevel:Default", "Loud")));
        Assert.Equal(["  Logging:File:LogLevel:Default = 'Loud': must be Trace, Debug, Information, Warning, Error, Critical or None"], e.Problems);
    }

    [Fact]
    public void Load_EnvironmentVariable_UnknownNamedAsTheVariable()
    {
        var name = "TANDEM_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name + "Signaling__MaxConection", "5");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(name).Build();
            var e = Assert.Throws<InvalidSettingsException>(() => ServerSettings.Load(configuration));
            Assert.Equal(["  Signaling__MaxConection (environment variable): unknown setting; did you mean Signaling__MaxConnections?"], e.Problems);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name + "Signaling__MaxConection", null);
        }
    }

    [Fact]
    public async Task Process_InvalidCommandLineValue_ExitsNamingTheKey()
    {
        var (exit, _, stderr) = await ServerProcess.RunAsync(["--Signaling:Port=nope", "--Signaling:JoinTimeoutSeconds=-3"]);
        Assert.Equal(2, exit);
        Assert.Equal(
            "tandem server: invalid configuration:\n" +
            "  Signaling:Port = 'nope': must be a whole number from 1 to 65535\n" +
            "  Signaling:JoinTimeoutSeconds = '-3': must be a number of seconds from 1 to 86400\n" +
            "Fix the settings above (appsettings.json, environment variables such as Signaling__Port, or --Signaling:Port=...) and start again; --help lists them.\n",
            stderr);
    }

    [Fact]
    public async Task Process_EnvironmentVariable_SetsPort()
    {
        var port = ServerHost.FreePort();
        await using var process = ServerProcess.Start([], new Dictionary<string, string?>
        {
            ["Signaling__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Signaling__ListenAddress"] = "127.0.0.1",
        });
        await process.WaitForHealthyAsync(port);
    }
}
