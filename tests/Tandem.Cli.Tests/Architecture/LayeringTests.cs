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

    public static TheoryData<string, string[]> FolderRules
    {
        get
        {
            var data = new TheoryData<string, string[]>();
            foreach (var (layer, forbidden) in Tandem.Testing.Architecture.LowerNeverUseUpper("Tandem.Cli", Layers))
            {
                data.Add(layer, forbidden);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FolderRules))]
    public void Folder_UsesOnlyLowerFolders(string layer, string[] forbidden)
    {
        var violations = Tandem.Testing.Architecture.Violations(Cli, layer, forbidden);

        Assert.True(violations.Count == 0, $"{layer} uses an upper folder ({string.Join(", ", forbidden)}): {string.Join(", ", violations)}");
    }

    [Fact]
    public void Layers_ListEveryFolderOfTheProject()
    {
        Assert.Equal(Tandem.Testing.Architecture.Folders("Tandem.Cli").Order(), Tandem.Testing.Architecture.FoldersOf(Layers).Order());
    }
}
