using System.Reflection;
using Tandem.Cli.Options;

namespace Tandem.Cli.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md's folder rule for the <c>tandem</c> command: each folder uses only the folders below it
/// (the root's <c>Program</c> and <c>Commands</c> use them all): option parsers, then the session runner,
/// then the commands, which never use each other.
/// </summary>
public class LayeringTests
{
    // Lowest first.
    private static readonly string[] Layers = ["Options", "Sessions", "Tokens", "App", "Device"];

    private static readonly Assembly Cli = typeof(DeviceOptionsParser).Assembly;

    public static TheoryData<string, string[]> FolderRules => Tandem.Testing.Architecture.FolderRules("Tandem.Cli", Layers);

    [Theory]
    [MemberData(nameof(FolderRules))]
    public void Folder_UsesOnlyLowerFolders(string layer, string[] forbidden) =>
        Tandem.Testing.Architecture.AssertUsesOnlyLowerFolders(Cli, layer, forbidden);

    [Fact]
    public void Layers_ListEveryFolderOfTheProject()
    {
        Assert.Equal(Tandem.Testing.Architecture.Folders("Tandem.Cli").Order(), Tandem.Testing.Architecture.FoldersOf(Layers).Order());
    }
}
