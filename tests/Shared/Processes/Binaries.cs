namespace Tandem.Testing.Processes;

/// <summary>
/// Where the built <c>tandem</c> CLI and server are: their own bin folders, in the configuration this
/// test assembly was built with (the project references build them first).
/// </summary>
internal static class Binaries
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The CLI: the build output, or the published <c>tandem.dll</c> that <c>TANDEM_CLI</c> names (the latency benchmark runs a ReadyToRun publish, as a device would).</summary>
    public static string Tandem => Environment.GetEnvironmentVariable("TANDEM_CLI") is { Length: > 0 } published ? published : Find("src/Tandem.Cli", "tandem.dll");

    public static string Server => Find("src/Tandem.Server", "Tandem.Server.dll");

    /// <summary>A sample program of <c>samples/</c>, e.g. <c>Sample("Glasses", "tandem-sample-glasses.dll")</c>.</summary>
    public static string Sample(string project, string dll) => Find("samples/" + project, dll);

    /// <summary>The repository's root (where Tandem.slnx and README.md are).</summary>
    public static string RepositoryRoot => Root.Value;

    private static string Find(string project, string dll)
    {
        // AppContext.BaseDirectory is tests/<test project>/bin/<Configuration>/<tfm>/.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var path = Path.Combine(Root.Value, project, "bin", configuration, tfm.Name, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build the solution first", path);
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

        throw new InvalidOperationException("Tandem.slnx not found above " + AppContext.BaseDirectory);
    }
}
