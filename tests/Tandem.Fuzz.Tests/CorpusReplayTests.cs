using Tandem.Fuzz.Targets;

namespace Tandem.Fuzz.Tests;

/// <summary>
/// The CI smoke run of the fuzz targets, without AFL: every seed and every committed finding goes
/// through its target in-process, and nothing may escape (no parser exception, no broken invariant).
/// A finding stays in <c>fuzz/findings/&lt;target&gt;/</c> after its fix, so it cannot come back.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets => new(FuzzTargets.Names);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Replay_EverySeedAndFinding_NothingEscapes(string name)
    {
        var target = FuzzTargets.Create(name);
        Assert.NotNull(target);
        Assert.Equal(name, target.Name);
        string[] seeds = Files("seeds", name);
        Assert.NotEmpty(seeds);
        var failures = new List<string>();
        foreach (string file in seeds.Concat(Files("findings", name)))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetRelativePath(RepositoryRoot, file)}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, "inputs that broke the target (replay one with dotnet fuzz/Tandem.Fuzz ... <target> <file>):\n" + string.Join('\n', failures));
    }

    [Fact]
    public void Seeds_EveryFolderBelongsToATarget()
    {
        foreach (string folder in Directory.GetDirectories(Path.Combine(RepositoryRoot, "fuzz", "seeds")))
        {
            Assert.Contains(Path.GetFileName(folder), FuzzTargets.Names);
        }
    }

    [Fact]
    public void Create_UnknownName_ReturnsNull() => Assert.Null(FuzzTargets.Create("no-such-target"));

    private static string RepositoryRoot { get; } = FindRoot();

    private static string[] Files(string kind, string target)
    {
        string folder = Path.Combine(RepositoryRoot, "fuzz", kind, target);
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray() : [];
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tandem.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Tandem.slnx not found above the test binaries: run the tests from the repository.");
    }
}
