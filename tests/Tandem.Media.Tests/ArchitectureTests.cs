using NetArchTest.Rules;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests;

public class ArchitectureTests
{
    // Folder layering of Tandem.Media: Clock, Opus, H264 and Jitter stand alone; Audio builds on Clock;
    // Video builds on Clock and H264; Playout (receive side) builds on Jitter and Opus. Nothing in Tandem.Media depends on the WebRTC stack or above.
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Tandem.Media.Clock", ["Tandem.Media.Opus", "Tandem.Media.H264", "Tandem.Media.Jitter", "Tandem.Media.Audio", "Tandem.Media.Video", "Tandem.Media.Playout"] },
        { "Tandem.Media.Opus", ["Tandem.Media.H264", "Tandem.Media.Jitter", "Tandem.Media.Audio", "Tandem.Media.Video", "Tandem.Media.Playout"] },
        { "Tandem.Media.H264", ["Tandem.Media.Opus", "Tandem.Media.Jitter", "Tandem.Media.Audio", "Tandem.Media.Video", "Tandem.Media.Playout"] },
        { "Tandem.Media.Jitter", ["Tandem.Media.Opus", "Tandem.Media.H264", "Tandem.Media.Audio", "Tandem.Media.Video", "Tandem.Media.Playout"] },
        { "Tandem.Media.Audio", ["Tandem.Media.Opus", "Tandem.Media.H264", "Tandem.Media.Jitter", "Tandem.Media.Video", "Tandem.Media.Playout"] },
        { "Tandem.Media.Video", ["Tandem.Media.Opus", "Tandem.Media.Jitter", "Tandem.Media.Audio", "Tandem.Media.Playout"] },
        { "Tandem.Media.Playout", ["Tandem.Media.H264", "Tandem.Media.Video"] },
        { "Tandem.Media", ["Tandem.WebRtc", "Tandem.Client", "Tandem.Signaling", "Tandem.Server"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Namespace_DependsOnlyOnLowerFolders(string layer, string[] forbidden)
    {
        var result = Types.InAssembly(typeof(MediaClock).Assembly)
            .That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Assembly_HasTypesInEveryFolder()
    {
        var namespaces = typeof(MediaClock).Assembly.GetTypes().Select(t => t.Namespace).Distinct().ToHashSet();

        string[] folders = ["Tandem.Media.Clock", "Tandem.Media.Opus", "Tandem.Media.H264", "Tandem.Media.Jitter", "Tandem.Media.Audio", "Tandem.Media.Video", "Tandem.Media.Playout"];

        Assert.All(folders, folder => Assert.Contains(folder, namespaces));
    }
}
