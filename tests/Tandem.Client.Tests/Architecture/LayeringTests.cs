using System.Reflection;
using NetArchTest.Rules;
using Tandem.Testing;

namespace Tandem.Client.Tests.Architecture;

/// <summary>
/// ARCHITECTURE.md's rules for the libraries and the server: which project may use which, folder =
/// namespace, and each project's folders from lowest to highest (a folder uses only those before it).
/// Tandem.Signaling's and the CLI's folders are checked in their own test projects.
/// </summary>
public class LayeringTests
{
    // Lowest first. WebRtc: the event queue, transports and wire formats, then ICE/DTLS/SCTP on them, RTP and payloads, congestion control, media sessions, the peer connection.
    private static readonly Dictionary<string, string[]> Layers = new()
    {
        ["Tandem.WebRtc"] = ["Events", "Transports", "Stun", "Rtcp", "Sdp", "Srtp", "Turn", "Ice", "Dtls", "Sctp", "DataChannels", "Rtp", "Payloads", "Congestion", "Media", "PeerConnections"],
        ["Tandem.Client"] = ["Signaling", "Streams", "Sessions"],
        // Media: native loading, the clock, bitstream and jitter basics, then codecs, audio and raw pictures, the encoder, video sources and sinks, playout.
        ["Tandem.Media"] = ["Native", "Clock", "H264", "Jitter", "Opus", "Audio", "RawVideo", "X264", "Video", "Playout"],
        ["Tandem.Server"] = ["Configuration", "Logging", "Auth", "Cluster", "Hosting", "WebSockets", "Admin", "App"],
    };

    public static TheoryData<string, string, string[]> FolderRules
    {
        get
        {
            var data = new TheoryData<string, string, string[]>();
            foreach (var (project, layers) in Layers)
            {
                foreach (var (layer, forbidden) in Tandem.Testing.Architecture.LowerNeverUseUpper(project, layers))
                {
                    data.Add(project, layer, forbidden);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FolderRules))]
    public void Folder_UsesOnlyLowerFolders(string project, string layer, string[] forbidden)
    {
        var violations = Tandem.Testing.Architecture.Violations(Assembly.Load(project), layer, forbidden);

        Assert.True(violations.Count == 0, $"{layer} uses an upper folder ({string.Join(", ", forbidden)}): {string.Join(", ", violations)}");
    }

    [Theory]
    [InlineData("Tandem.WebRtc")]
    [InlineData("Tandem.Client")]
    [InlineData("Tandem.Server")]
    [InlineData("Tandem.Media")]
    public void Layers_ListEveryFolderOfTheProject(string project)
    {
        Assert.Equal(Tandem.Testing.Architecture.Folders(project).Order(), Layers[project].Order());
    }

    [Theory]
    [InlineData("Tandem.Signaling")]
    [InlineData("Tandem.Server")]
    [InlineData("Tandem.Client")]
    [InlineData("Tandem.Cli")]
    [InlineData("Tandem.WebRtc")]
    [InlineData("Tandem.Media")]
    public void SourceFiles_NamespaceIsTheirFolder(string project)
    {
        Assert.Empty(Tandem.Testing.Architecture.NamespaceMismatches(project));
    }

    [Theory]
    [InlineData("Tandem.WebRtc", new[] { "Tandem.Media", "Tandem.Client", "Tandem.Signaling", "Tandem.Server", "Tandem.Cli" })]
    [InlineData("Tandem.Client", new[] { "Tandem.Signaling", "Tandem.Server", "Tandem.Cli" })]
    [InlineData("Tandem.Signaling", new[] { "Tandem.WebRtc", "Tandem.Media", "Tandem.Client", "Tandem.Server", "Tandem.Cli", "System.Net.Sockets", "System.Net.WebSockets", "Microsoft.AspNetCore" })]
    [InlineData("Tandem.Server", new[] { "Tandem.WebRtc", "Tandem.Media", "Tandem.Client", "Tandem.Cli" })]
    public void Project_UsesNoUpperOrUnrelatedProject(string project, string[] forbidden)
    {
        var result = Types.InAssembly(Assembly.Load(project)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
