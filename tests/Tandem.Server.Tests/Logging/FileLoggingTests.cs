using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Server.Configuration;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Logging;

/// <summary><c>Logging:File:*</c>: the real server writes its lines to a file as well as the console.</summary>
public sealed partial class FileLoggingTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tandem-filelog-");

    [Fact]
    public async Task Server_FilePath_LinesWrittenWithUtcTimestamps()
    {
        var path = Path.Combine(_folder.FullName, "var", "server.log");
        await RunSessionAsync(path, "91");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Contains(lines, l => l.EndsWith("Z info: Microsoft.Hosting.Lifetime[0] Application is shutting down...", StringComparison.Ordinal));
        var created = Assert.Single(lines, l => l.Contains("room room_91 created by glasses_91", StringComparison.Ordinal));
        Assert.Matches(TimestampedLine(), created);
        Assert.All(lines, l => Assert.Matches(TimestampedLine(), l));
    }

    [Fact]
    public async Task Server_FileLevelWarning_InformationLinesOnlyOnTheConsole()
    {
        var path = Path.Combine(_folder.FullName, "server.log");
        await RunSessionAsync(path, "92", "--Logging:File:LogLevel:Default=Warning");
        Assert.DoesNotContain(await File.ReadAllLinesAsync(path), l => l.Contains("room_92", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_FileCannotBeCreated_InvalidSettingsNamingThePath()
    {
        var blocker = Path.Combine(_folder.FullName, "not-a-folder");
        File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "server.log");
        var e = Assert.Throws<InvalidSettingsException>(() => ServerApp.Build([$"--Logging:File:Path={path}", "--Signaling:ListenAddress=127.0.0.1", $"--Signaling:Port={ServerHost.FreePort()}"]));
        var problem = Assert.Single(e.Problems);
        Assert.StartsWith($"  Logging:File:Path = '{path}': cannot write there (", problem, StringComparison.Ordinal);
        Assert.EndsWith("); choose a file the server's user may create", problem, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    // A glasses joins (room created), the server stops: every line is in the file once the host is disposed.
    private static async Task RunSessionAsync(string path, string uid, params string[] extra)
    {
        var port = ServerHost.FreePort();
        var app = ServerApp.Build(
            [$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1", $"--Logging:File:Path={path}", "--Logging:Console:LogLevel:Default=None", .. extra]);
        await app.StartAsync();
        await using (var glasses = new WsClient())
        {
            await glasses.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
            await glasses.SendAsync(Messages.Join("glasses_" + uid));
            var hub = app.Services.GetRequiredService<Tandem.Signaling.Hub.SignalingHub>();
            await TimerAndReconnectTests.WaitUntil(() => hub.GetStatus().Rooms.Count == 1);
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): [\w.]+\[\d+\] ")]
    private static partial Regex TimestampedLine();
}
