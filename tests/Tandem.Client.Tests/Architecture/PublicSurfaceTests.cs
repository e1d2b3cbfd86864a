using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Tests.Architecture;

/// <summary>
/// The engine namespaces of Tandem.WebRtc (wire formats and the engines that speak them) are internal:
/// an integrator sees <see cref="PeerConnection"/>, its options, events and stats. Each namespace lists
/// the few types the public API hands out from it; any other public type there fails.
/// </summary>
public class PublicSurfaceTests
{
    public static TheoryData<string, string[]> EngineNamespaces => new()
    {
        { "Tandem.WebRtc.Stun", [] },
        { "Tandem.WebRtc.Turn", ["TurnError"] },
        { "Tandem.WebRtc.Srtp", [] },
        { "Tandem.WebRtc.Sctp", ["SctpAssociationStatistics"] },
        { "Tandem.WebRtc.Sdp", [] },
        { "Tandem.WebRtc.Rtp", [] },
        { "Tandem.WebRtc.Transports", [] },
        { "Tandem.WebRtc.Payloads.H264", ["H264Frame", "H264FrameHandler"] },
        { "Tandem.WebRtc.Payloads.Opus", [] },
        { "Tandem.WebRtc.Rtcp", [] },
        { "Tandem.WebRtc.Congestion", ["BandwidthUsage"] },
    };

    [Theory]
    [MemberData(nameof(EngineNamespaces))]
    public void EngineNamespace_ExposesOnlyTheListedTypes(string ns, string[] allowed)
    {
        var exposed = typeof(PeerConnection).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == ns && !allowed.Contains(Outermost(t).Name))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(exposed.Count == 0, $"{ns} is internal-only but exposes: {string.Join(", ", exposed)}; make them internal (tests reach them through InternalsVisibleTo) or list a type the public API must hand out");
    }

    [Fact]
    public void EngineNamespaces_ExistInTheAssembly()
    {
        var namespaces = typeof(PeerConnection).Assembly.GetTypes().Select(t => t.Namespace).ToHashSet();

        Assert.All(EngineNamespaces, row => Assert.Contains((string)row[0], namespaces));
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
