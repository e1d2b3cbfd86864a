using Tandem.Fuzz.Targets.Dtls;
using Tandem.Fuzz.Targets.H264;
using Tandem.Fuzz.Targets.Opus;
using Tandem.Fuzz.Targets.Rtcp;
using Tandem.Fuzz.Targets.Rtp;
using Tandem.Fuzz.Targets.Sctp;
using Tandem.Fuzz.Targets.Sdp;
using Tandem.Fuzz.Targets.Signaling;
using Tandem.Fuzz.Targets.Srtp;
using Tandem.Fuzz.Targets.Stun;

namespace Tandem.Fuzz.Targets;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    /// <summary>The names, in the order <c>fuzz/run.sh</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "signaling-json", "stun", "dtls-record", "srtp", "rtp", "rtcp", "sctp", "sctp-association", "dcep", "sdp", "h264-rtp", "opus-rtp", "annexb",
    ];

    /// <summary>A new instance of the target called <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget? Create(string name) => name switch
    {
        "signaling-json" => new SignalingJsonTarget(),
        "stun" => new StunTarget(),
        "dtls-record" => new DtlsRecordTarget(),
        "srtp" => new SrtpTarget(),
        "rtp" => new RtpTarget(),
        "rtcp" => new RtcpTarget(),
        "sctp" => new SctpChunkTarget(),
        "sctp-association" => new SctpAssociationTarget(),
        "dcep" => new DcepTarget(),
        "sdp" => new SdpTarget(),
        "h264-rtp" => new H264DepacketizerTarget(),
        "opus-rtp" => new OpusRtpTarget(),
        "annexb" => new AnnexBTarget(),
        _ => null,
    };
}
