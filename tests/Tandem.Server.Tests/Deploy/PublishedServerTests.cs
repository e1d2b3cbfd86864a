using System.Diagnostics;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Deploy;

/// <summary>Runs alone, after the parallel tests: publishing takes both cores for a while.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishCollection
{
    public const string Name = "Publish";
}

/// <summary>
/// deploy/publish.sh as docs/DEPLOY.md tells an operator to run it: the self-contained single-file
/// linux-x64 server starts with no .NET of the machine's involved and pairs a glasses with its app.
/// </summary>
[Collection(PublishCollection.Name)]
public sealed class PublishedServerTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("tandem-publish-");

    [Fact]
    [Trait("Category", "Publish")]
    public async Task PublishedSingleFile_LinuxX64_StartsAndServesAJoin()
    {
        await PublishAsync("linux-x64");
        var folder = Path.Combine(_output.FullName, "linux-x64");
        // One executable (the runtime, the server and its libraries inside), no runtimeconfig asking for an installed .NET.
        Assert.Equal(["Tandem.Server", "appsettings.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var port = ServerHost.FreePort();
        await using var server = ServerProcess.StartExecutable(Path.Combine(folder, "Tandem.Server"),
            [$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1"]);
        await server.WaitForHealthyAsync(port);
        await using (var glasses = new WsClient())
        await using (var app = new WsClient())
        {
            await glasses.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
            await app.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
            await glasses.SendAsync(Messages.Join("glasses_515151"));
            // The first to join offers: the app joins only once the server says the glasses made the room.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!server.Stdout.Contains("room room_515151 created by glasses_515151", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the server never logged the glasses' room:\n{server.Stdout}");
                await Task.Delay(20);
            }

            await app.SendAsync(Messages.Join("app_515151"));
            Assert.Equal("offerer", (await glasses.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
            Assert.Equal("answerer", (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
        }

        server.Terminate();
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("room room_515151 paired: offerer glasses_515151, answerer app_515151", server.Stdout, StringComparison.Ordinal);
        Assert.Contains("Application is shutting down...", server.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _output.Delete(recursive: true);

    private async Task PublishAsync(string rid)
    {
        var start = new ProcessStartInfo("bash", ["deploy/publish.sh", "--out", _output.FullName, rid])
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, $"deploy/publish.sh exited {publish.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
