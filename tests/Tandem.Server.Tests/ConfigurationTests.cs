using System.Diagnostics;
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
        var e = Assert.Throws<InvalidOperationException>(() => Load((key, value)));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_InvalidCommandLineValue_ExitsNamingTheKey()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tandem.Server.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--Signaling:Port=nope", "--Signaling:JoinTimeoutSeconds=-3"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Signaling:Port", stderr, StringComparison.Ordinal);
        Assert.Contains("Signaling:JoinTimeoutSeconds", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_EnvironmentVariable_SetsPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var dll = Path.Combine(AppContext.BaseDirectory, "Tandem.Server.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["Signaling__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Signaling__ListenAddress"] = "127.0.0.1" },
        };
        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient();
            string? body = null;
            for (var i = 0; i < 100 && body is null; i++)
            {
                try
                {
                    body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal("ok\n", body);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
