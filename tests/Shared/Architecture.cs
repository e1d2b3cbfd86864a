using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Tandem.Testing;

/// <summary>
/// The two rules ARCHITECTURE.md states for every project: folder = namespace, and lower folders never
/// use upper ones. A project's folders are listed lowest first; each may use only the folders before it
/// (and the project's root namespace, e.g. <c>Program</c>, may use all). An entry <c>"A|B"</c> puts two
/// folders on one level: they may use each other (ARCHITECTURE.md says where and why).
/// </summary>
internal static partial class Architecture
{
    /// <summary>For each folder of <paramref name="layers"/>: the types there and the upper folders they must not use.</summary>
    public static IEnumerable<(string Layer, string[] Forbidden)> LowerNeverUseUpper(string root, string[] layers) =>
        layers.SelectMany((level, i) => level.Split('|').Select(folder =>
            ($"{root}.{folder}", layers.Skip(i + 1).SelectMany(upper => upper.Split('|')).Select(upper => $"{root}.{upper}").ToArray())));

    /// <summary><see cref="LowerNeverUseUpper"/> as theory data: (folder namespace, forbidden namespaces).</summary>
    public static Xunit.TheoryData<string, string[]> FolderRules(string root, string[] layers)
    {
        var data = new Xunit.TheoryData<string, string[]>();
        foreach (var (layer, forbidden) in LowerNeverUseUpper(root, layers))
        {
            data.Add(layer, forbidden);
        }

        return data;
    }

    /// <summary>Fails, naming the types, when a type of <paramref name="layer"/> uses one of <paramref name="forbidden"/>.</summary>
    public static void AssertUsesOnlyLowerFolders(Assembly assembly, string layer, string[] forbidden)
    {
        var violations = Violations(assembly, layer, forbidden);
        Xunit.Assert.True(violations.Count == 0, $"{layer} uses an upper folder ({string.Join(", ", forbidden)}): {string.Join(", ", violations)}");
    }

    /// <summary>Every folder <paramref name="layers"/> names, one level's folders apart.</summary>
    public static IEnumerable<string> FoldersOf(string[] layers) => layers.SelectMany(level => level.Split('|'));

    /// <summary>The types of <paramref name="layer"/> in <paramref name="assembly"/> that use one of <paramref name="forbidden"/>.</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, string layer, string[] forbidden)
    {
        if (forbidden.Length == 0)
        {
            return [];
        }

        var result = Types.InAssembly(assembly).That().ResideInNamespace(layer).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames ?? []];
    }

    /// <summary>The folders (one level) of project <paramref name="project"/> under <c>src/</c> that hold C# files.</summary>
    public static string[] Folders(string project) =>
        [.. Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src", project))
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", project, name!), "*.cs", SearchOption.AllDirectories).Any())
            .Select(name => name!)];

    /// <summary>
    /// Source files of <c>src/<paramref name="project"/></c> whose file-scoped namespace is not the root
    /// (<paramref name="rootNamespace"/>, else the folder's name) plus their folder path.
    /// </summary>
    public static IReadOnlyList<string> NamespaceMismatches(string project, string? rootNamespace = null)
    {
        var directory = Path.Combine(RepositoryRoot(), "src", project);
        var root = rootNamespace ?? project;
        var mismatches = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(relative)!.Replace(Path.DirectorySeparatorChar, '.');
            var expected = folder.Length == 0 ? root : $"{root}.{folder}";
            var match = NamespacePattern().Match(File.ReadAllText(file));
            if (match.Success ? match.Groups[1].Value != expected : folder.Length != 0)
            {
                mismatches.Add($"{relative}: namespace {(match.Success ? match.Groups[1].Value : "(none)")}, folder says {expected}");
            }
        }

        return mismatches;
    }

    public static string RepositoryRoot()
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

    [GeneratedRegex(@"^namespace ([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();
}
