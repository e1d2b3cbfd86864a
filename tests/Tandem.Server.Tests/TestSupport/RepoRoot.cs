namespace Tandem.Server.Tests.TestSupport;

/// <summary>The repository's root folder (where Tandem.slnx is), found from the test's output folder.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Tandem.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Tandem.slnx above {AppContext.BaseDirectory}");
    }
}
