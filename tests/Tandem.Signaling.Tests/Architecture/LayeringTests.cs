using System.Reflection;
using Tandem.Signaling.Hub;

namespace Tandem.Signaling.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md's folder rule for the signaling core: each folder uses only the folders below it.
/// A client and its room know each other (<c>SignalingClient.Room</c>, <c>RoomMember.Client</c>), so
/// <c>Clients/</c> and <c>Rooms/</c> share one level; nothing else may reach up.
/// </summary>
public class LayeringTests
{
    // Lowest first: the wire model, then what the hub is built from, then the hub.
    private static readonly string[] Layers = ["Protocol", "Auth", "Turn", "Cluster", "Status", "Clients|Rooms", "Hub"];

    private static readonly Assembly Signaling = typeof(SignalingHub).Assembly;

    public static TheoryData<string, string[]> FolderRules => Tandem.Testing.Architecture.FolderRules("Tandem.Signaling", Layers);

    [Theory]
    [MemberData(nameof(FolderRules))]
    public void Folder_UsesOnlyLowerFolders(string layer, string[] forbidden) =>
        Tandem.Testing.Architecture.AssertUsesOnlyLowerFolders(Signaling, layer, forbidden);

    [Fact]
    public void Layers_ListEveryFolderOfTheProject()
    {
        Assert.Equal(Tandem.Testing.Architecture.Folders("Tandem.Signaling").Order(), Tandem.Testing.Architecture.FoldersOf(Layers).Order());
    }
}
