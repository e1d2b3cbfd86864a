using System.Reflection;
using NetArchTest.Rules;

namespace Tandem.Client.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md's rule for <c>src/Common</c>: internal sources (namespace <c>Tandem.Common.*</c>) that
/// Tandem.WebRtc and Tandem.Media both compile, so the two siblings share one H.264 NAL/Annex-B and one NTP
/// core without referencing each other. Nothing there is public, and nothing there uses either library.
/// </summary>
public class CommonSourceTests
{
    private static readonly string[] Libraries = ["Tandem.WebRtc", "Tandem.Media"];

    [Theory]
    [InlineData("Tandem.WebRtc")]
    [InlineData("Tandem.Media")]
    public void CommonTypes_AreInternal(string library)
    {
        var exposed = Assembly.Load(library).GetExportedTypes().Where(t => IsCommon(t.Namespace)).Select(t => t.FullName).ToList();

        Assert.True(exposed.Count == 0, $"{library} exposes src/Common types: {string.Join(", ", exposed)}; make them internal (a type an integrator needs lives in the library, implemented on the core)");
    }

    [Theory]
    [InlineData("Tandem.WebRtc")]
    [InlineData("Tandem.Media")]
    public void CommonTypes_UseNeitherLibrary(string library)
    {
        var result = Types.InAssembly(Assembly.Load(library)).That().ResideInNamespaceStartingWith("Tandem.Common")
            .ShouldNot().HaveDependencyOnAny([.. Libraries, "Tandem.Client", "Tandem.Signaling"]).GetResult();

        Assert.True(result.IsSuccessful, $"src/Common types use a library: {string.Join(", ", result.FailingTypeNames ?? [])}; the core may depend on the BCL only");
    }

    [Fact]
    public void CommonTypes_CompiledIntoBothLibraries()
    {
        var perLibrary = Libraries.Select(l => Assembly.Load(l).GetTypes().Where(t => IsCommon(t.Namespace) && !t.IsNested && !t.Name.Contains('<')).Select(t => t.FullName).Order().ToList()).ToList();

        Assert.NotEmpty(perLibrary[0]);
        Assert.Equal(perLibrary[0], perLibrary[1]);
    }

    [Fact]
    public void CommonSources_NameNoLibraryNamespace_AndNamespaceIsTheirFolder()
    {
        var directory = Path.Combine(Tandem.Testing.Architecture.RepositoryRoot(), "src", "Common");
        var offending = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f) is var text && Libraries.Any(l => text.Contains(l + ".", StringComparison.Ordinal) || text.Contains(l + ";", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(directory, f))
            .ToList();

        Assert.True(offending.Count == 0, $"src/Common files name a library namespace: {string.Join(", ", offending)}");
        Assert.Empty(Tandem.Testing.Architecture.NamespaceMismatches("Common", "Tandem.Common"));
    }

    private static bool IsCommon(string? ns) => ns is not null && (ns == "Tandem.Common" || ns.StartsWith("Tandem.Common.", StringComparison.Ordinal));
}
