using System.Diagnostics.CodeAnalysis;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// What a <see cref="PeerConnection"/> takes from the peer's SDP: the data (SCTP) section it uses and
/// that section's ICE credentials, DTLS fingerprints and role, SCTP port and max-message-size.
/// Only the first non-rejected <c>UDP/DTLS/SCTP</c> section is used; every other section is rejected in
/// our answer (the RTP path is not part of this layer yet).
/// </summary>
internal sealed record RemoteParameters
{
    /// <summary>RFC 8841 §6: without <c>a=max-message-size</c> the peer accepts 64 KiB.</summary>
    public const int DefaultMaxMessageSize = 64 * 1024;

    public required SdpSessionDescription Sdp { get; init; }

    public required SdpMediaDescription DataSection { get; init; }

    public required int DataIndex { get; init; }

    public required string DataMid { get; init; }

    public required IceCredentials Credentials { get; init; }

    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }

    public required SdpSetup Setup { get; init; }

    public required ushort SctpPort { get; init; }

    /// <summary>The peer's limit; RFC 8841 §6: 0 means "any size", taken here as our own limit.</summary>
    public required int MaxMessageSize { get; init; }

    /// <summary>
    /// Extracts the data section's parameters; returns false with a reason when the SDP has no usable
    /// data section or lacks ICE credentials or a valid fingerprint.
    /// </summary>
    public static bool TryCreate(string? sdp, [NotNullWhen(true)] out RemoteParameters? remote, [NotNullWhen(false)] out string? error)
    {
        remote = null;
        if (!SdpSessionDescription.TryParse(sdp, out var parsed, out error))
        {
            return false;
        }

        var index = parsed.Media.FindIndex(IsDataSection);
        if (index < 0)
        {
            error = "the description has no UDP/DTLS/SCTP webrtc-datachannel section";
            return false;
        }

        var section = parsed.Media[index];
        var ufrag = parsed.GetIceUfrag(section);
        var pwd = parsed.GetIcePwd(section);
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "the data section has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)";
            return false;
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (var line in parsed.GetFingerprints(section))
        {
            if (DtlsFingerprint.TryParse(line.ToString(), out var fingerprint))
            {
                fingerprints.Add(fingerprint);
            }
        }

        if (fingerprints.Count == 0)
        {
            error = "the data section has no valid a=fingerprint (RFC 8122 §5)";
            return false;
        }

        remote = new RemoteParameters
        {
            Sdp = parsed,
            DataSection = section,
            DataIndex = index,
            DataMid = section.Mid ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Credentials = new IceCredentials(ufrag, pwd),
            Fingerprints = fingerprints,
            Setup = parsed.GetSetup(section) ?? SdpSetup.ActPass,
            SctpPort = section.SctpPort is > 0 and <= ushort.MaxValue and var port ? (ushort)port : (ushort)5000,
            MaxMessageSize = section.MaxMessageSize switch
            {
                null => DefaultMaxMessageSize,
                0 or > int.MaxValue => int.MaxValue,
                var size => (int)size.Value,
            },
        };
        return true;
    }

    /// <summary>RFC 8841 §4: <c>m=application &lt;port&gt; UDP/DTLS/SCTP webrtc-datachannel</c>, not rejected.</summary>
    public static bool IsDataSection(SdpMediaDescription media) =>
        !media.IsRejected
        && string.Equals(media.Media, "application", StringComparison.OrdinalIgnoreCase)
        && media.Protocol.EndsWith("DTLS/SCTP", StringComparison.OrdinalIgnoreCase)
        && media.Formats.Contains("webrtc-datachannel");
}
