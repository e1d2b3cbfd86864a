using System.Diagnostics;
using System.Text.RegularExpressions;
using Tandem.Server.Configuration;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Deploy;

/// <summary>
/// deploy/tandem-server.service checked by systemd's own verifier, and deploy/Containerfile (no container
/// engine runs here) parsed and held to what the rest of the repository says.
/// </summary>
public sealed partial class DeployFilesTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("tandem-unit-");

    [Fact]
    public async Task SystemdUnit_SystemdAnalyzeVerify_NoWarning()
    {
        var (exit, output) = await VerifyAsync(await File.ReadAllTextAsync(RepoRoot.File("deploy/tandem-server.service")));
        Assert.Equal(0, exit);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("Type=notify", "Type=notifyy", "Failed to parse service type")]
    [InlineData("RestartSec=2", "RestartSek=2", "Unknown key 'RestartSek'")]
    public async Task SystemdUnit_Broken_VerifierSaysSo(string good, string bad, string warning)
    {
        var unit = await File.ReadAllTextAsync(RepoRoot.File("deploy/tandem-server.service"));
        Assert.Contains(good, unit, StringComparison.Ordinal);
        var (_, output) = await VerifyAsync(unit.Replace(good, bad, StringComparison.Ordinal));
        Assert.Contains(warning, output, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemdUnit_NotifyTypeAndThePublishedExecutable()
    {
        var unit = File.ReadAllLines(RepoRoot.File("deploy/tandem-server.service"));
        Assert.Contains("Type=notify", unit);
        Assert.Contains("ExecStart=/opt/tandem/Tandem.Server", unit);
        Assert.Contains("RestartPreventExitStatus=2 3", unit);
    }

    [Fact]
    public void Containerfile_BuildStagePublishesWithTheRepositoryScript()
    {
        var stages = Stages();
        Assert.Equal(2, stages.Count);
        var build = stages[0];
        Assert.Equal("--platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build", build.From);
        var run = Assert.Single(build.Instructions, i => i.Name == "RUN").Args;
        Assert.Contains("bash deploy/publish.sh --out /out \"$rid\"", run, StringComparison.Ordinal);
        Assert.Contains("mv \"/out/$rid\" /out/server", run, StringComparison.Ordinal);
        Assert.Contains("COPY . .", build.Instructions.Select(i => $"{i.Name} {i.Args}"));
        Assert.True(File.Exists(RepoRoot.File("deploy/publish.sh")));
        // The image's .NET is the one the projects target.
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", File.ReadAllText(RepoRoot.File("Directory.Build.props")), StringComparison.Ordinal);
    }

    [Fact]
    public void Containerfile_FinalStageRunsThePublishedServerUnprivileged()
    {
        var final = Stages()[1];
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0", final.From);
        string[] expected =
        [
            "WORKDIR /app",
            "COPY --from=build /out/server/ ./",
            "USER $APP_UID",
            $"EXPOSE {SettingsTable.All.Single(s => s.Key == "Signaling:Port").Default}",
            "ENTRYPOINT [\"/app/Tandem.Server\"]",
        ];
        Assert.Equal(expected, final.Instructions.Select(i => $"{i.Name} {i.Args}"));
    }

    [Fact]
    public void Containerignore_KeepsBuildOutputsOutOfTheContext()
    {
        var ignored = File.ReadAllLines(RepoRoot.File(".dockerignore"));
        Assert.Superset(new HashSet<string>(["**/bin", "**/obj", ".git", "artifacts"]), new HashSet<string>(ignored));
    }

    public void Dispose() => _root.Delete(recursive: true);

    // systemd-analyze verify in a root of our own: the host's unit files, the unit, an executable where ExecStart points.
    private async Task<(int Exit, string Output)> VerifyAsync(string unit)
    {
        var units = Directory.Exists("/usr/lib/systemd/system") ? "/usr/lib/systemd/system" : "/lib/systemd/system";
        CopyUnits(units, Path.Combine(_root.FullName, "usr/lib/systemd/system"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "etc/systemd/system"));
        await File.WriteAllTextAsync(Path.Combine(_root.FullName, "etc/systemd/system/tandem-server.service"), unit);
        var executable = Path.Combine(_root.FullName, "opt/tandem/Tandem.Server");
        Directory.CreateDirectory(Path.GetDirectoryName(executable)!);
        File.Copy("/bin/true", executable, overwrite: true);
        var start = new ProcessStartInfo("systemd-analyze", ["verify", $"--root={_root.FullName}", "tandem-server.service"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    // The unit files themselves; a symbolic link (an alias such as default.target) stays a link.
    private static void CopyUnits(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in new DirectoryInfo(from).GetFiles())
        {
            var target = Path.Combine(to, file.Name);
            if (file.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else
            {
                file.CopyTo(target, overwrite: true);
            }
        }
    }

    private static List<Stage> Stages()
    {
        var stages = new List<Stage>();
        foreach (var instruction in Instructions(File.ReadAllText(RepoRoot.File("deploy/Containerfile"))))
        {
            if (instruction.Name == "FROM")
            {
                stages.Add(new Stage(instruction.Args, []));
            }
            else
            {
                Assert.NotEmpty(stages);
                stages[^1].Instructions.Add(instruction);
            }
        }

        return stages;
    }

    // Containerfile syntax: comments, blank lines, "\" continuing a line, INSTRUCTION arguments.
    private static IEnumerable<(string Name, string Args)> Instructions(string text)
    {
        var joined = ContinuedLine().Replace(text, " ");
        foreach (var line in joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            Assert.True(space > 0, line);
            var name = line[..space];
            Assert.Matches("^(FROM|ARG|WORKDIR|COPY|RUN|USER|EXPOSE|ENTRYPOINT|ENV)$", name);
            yield return (name, MultipleSpaces().Replace(line[(space + 1)..].Trim(), " "));
        }
    }

    [GeneratedRegex(@"\\\n")]
    private static partial Regex ContinuedLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex MultipleSpaces();

    private sealed record Stage(string From, List<(string Name, string Args)> Instructions);
}
