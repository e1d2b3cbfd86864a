using NetArchTest.Rules;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests;

public class ArchitectureTests
{
    // Folder layering of Tandem.Media: Native (library resolver), Clock, H264 and Jitter stand alone; Opus builds on Native;
    // RawVideo (raw pictures, cameras) on Clock; X264 (the encoder) on Native, Clock, H264 and RawVideo; Audio on Clock;
    // Video on Clock, H264, RawVideo and X264; Playout (receive side) on Jitter, Opus, Clock and Audio.
    // Nothing in Tandem.Media depends on the WebRTC stack or above.
    private static readonly string[] Folders = ["Native", "Clock", "Opus", "H264", "Jitter", "RawVideo", "X264", "Audio", "Video", "Playout"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Native"] = [],
        ["Clock"] = [],
        ["Opus"] = ["Native"],
        ["H264"] = [],
        ["Jitter"] = [],
        ["RawVideo"] = ["Clock"],
        ["X264"] = ["Native", "Clock", "H264", "RawVideo"],
        ["Audio"] = ["Clock"],
        ["Video"] = ["Clock", "H264", "RawVideo", "X264"],
        ["Playout"] = ["Jitter", "Opus", "Clock", "Audio"],
    };

    public static TheoryData<string, string[]> Forbidden
    {
        get
        {
            var data = new TheoryData<string, string[]>();
            foreach (string folder in Folders)
            {
                data.Add($"Tandem.Media.{folder}", Folders.Where(f => f != folder && !Allowed[folder].Contains(f)).Select(f => $"Tandem.Media.{f}").ToArray());
            }

            data.Add("Tandem.Media", ["Tandem.WebRtc", "Tandem.Client", "Tandem.Signaling", "Tandem.Server"]);
            return data;
        }
    }

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

        Assert.All(Folders, folder => Assert.Contains($"Tandem.Media.{folder}", namespaces));
    }
}
