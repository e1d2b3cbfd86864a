using System.Reflection;
using Tandem.Media.Clock;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Tests.Architecture;

/// <summary>
/// The engine namespaces of Tandem.WebRtc (wire formats and the engines that speak them) are internal:
/// an integrator sees <see cref="PeerConnection"/>, its options, events and stats. Each namespace lists
/// the few types the public API hands out from it; any other public type there fails. Likewise
/// Tandem.Media's plumbing namespaces (jitter buffer, clocks, codecs' shims and packets, SPS parsing, raw
/// pictures): public are only the types an integrator configures or is handed (options, encoder,
/// playout, capture clock), decided by what Tandem.Client, the CLI, samples and tools use.
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

    public static TheoryData<string, string[]> MediaPlumbingNamespaces => new()
    {
        { "Tandem.Media.Jitter", ["JitterBufferOptions", "JitterInsertResult"] },
        { "Tandem.Media.Clock", ["MediaClock", "MediaInstant", "RtpClock", "SenderReportTimes"] },
        { "Tandem.Media.H264", ["H264AccessUnit", "H264Sps"] },
        { "Tandem.Media.Opus", ["OpusEncoder", "OpusEncoderOptions", "OpusApplication", "OpusImplementation", "OpusError", "OpusException"] },
        { "Tandem.Media.Playout", ["OpusPlayout", "OpusPlayoutStatistics", "PlayoutFrameKind"] },
        { "Tandem.Media.RawVideo", ["IRawVideoSource", "RawVideoFrame", "I420Frame", "TestPatternVideoSource", "FfmpegRawVideoSource", "FfmpegRawVideoSourceOptions"] },
        { "Tandem.Media.X264", ["X264Encoder", "X264EncoderOptions", "H264EncodedFrame"] },
        { "Tandem.Media.Native", ["NativeLibraryNotFoundException"] },
    };

    [Theory]
    [MemberData(nameof(EngineNamespaces))]
    public void EngineNamespace_ExposesOnlyTheListedTypes(string ns, string[] allowed) =>
        AssertExposesOnly(typeof(PeerConnection).Assembly, ns, allowed);

    [Theory]
    [MemberData(nameof(MediaPlumbingNamespaces))]
    public void MediaPlumbingNamespace_ExposesOnlyTheListedTypes(string ns, string[] allowed) =>
        AssertExposesOnly(typeof(MediaClock).Assembly, ns, allowed);

    [Fact]
    public void EngineNamespaces_ExistInTheAssembly()
    {
        var namespaces = typeof(PeerConnection).Assembly.GetTypes().Select(t => t.Namespace).ToHashSet();
        var mediaNamespaces = typeof(MediaClock).Assembly.GetTypes().Select(t => t.Namespace).ToHashSet();

        Assert.All(EngineNamespaces, row => Assert.Contains((string)row[0], namespaces));
        Assert.All(MediaPlumbingNamespaces, row => Assert.Contains((string)row[0], mediaNamespaces));
    }

    private static void AssertExposesOnly(Assembly assembly, string ns, string[] allowed)
    {
        var exposed = assembly.GetExportedTypes()
            .Where(t => t.Namespace == ns && !allowed.Contains(Outermost(t).Name))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(exposed.Count == 0, $"{ns} is internal-only but exposes: {string.Join(", ", exposed)}; make them internal (tests reach them through InternalsVisibleTo) or list a type the public API must hand out");
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
