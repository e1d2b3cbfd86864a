using System.Diagnostics.CodeAnalysis;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// What a <see cref="PeerConnection"/> takes from the peer's SDP: the section carrying the BUNDLE
/// transport (RFC 9143 §7: the first accepted section of the group) with its ICE credentials, DTLS
/// fingerprints and role, and the data (SCTP) section if any with its SCTP port and max-message-size.
/// Which RTP sections are accepted is decided by <see cref="LocalDescriptionBuilder.Answer"/> and read back by <see cref="MediaPlan"/>.
/// </summary>
internal sealed record RemoteParameters
{
    /// <summary>RFC 8841 §6: without <c>a=max-message-size</c> the peer accepts 64 KiB.</summary>
    public const int DefaultMaxMessageSize = 64 * 1024;

    public required SdpSessionDescription Sdp { get; init; }

    /// <summary>The section whose transport parameters are used (the first usable one of the BUNDLE group).</summary>
    public required SdpMediaDescription TransportSection { get; init; }

    /// <summary>The first usable data section, or null.</summary>
    public required SdpMediaDescription? DataSection { get; init; }

    /// <summary>Index of <see cref="DataSection"/>, or -1.</summary>
    public required int DataIndex { get; init; }

    /// <summary>Mid of <see cref="DataSection"/>, or null.</summary>
    public required string? DataMid { get; init; }

    public required IceCredentials Credentials { get; init; }

    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }

    public required SdpSetup Setup { get; init; }

    public required ushort SctpPort { get; init; }

    /// <summary>The peer's limit; RFC 8841 §6: 0 means "any size", taken here as our own limit.</summary>
    public required int MaxMessageSize { get; init; }

    /// <summary>
    /// Extracts the transport's and the data section's parameters; returns false with a reason when the
    /// SDP has no usable data or RTP section, or lacks ICE credentials or a valid fingerprint.
    /// </summary>
    public static bool TryCreate(string? sdp, [NotNullWhen(true)] out RemoteParameters? remote, [NotNullWhen(false)] out string? error)
    {
        remote = null;
        if (!SdpSessionDescription.TryParse(sdp, out var parsed, out error))
        {
            return false;
        }

        var bundleFirst = parsed.BundleGroup?.Mids.FirstOrDefault(mid => parsed.FindMedia(mid) is { } m && IsTransportSection(m));
        var section = (bundleFirst is null ? null : parsed.FindMedia(bundleFirst)) ?? parsed.Media.Find(IsTransportSection);
        if (section is null)
        {
            error = "the description has no UDP/DTLS/SCTP webrtc-datachannel or UDP/TLS/RTP/SAVPF section";
            return false;
        }

        var ufrag = parsed.GetIceUfrag(section);
        var pwd = parsed.GetIcePwd(section);
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "the transport section has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)";
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
            error = "the transport section has no valid a=fingerprint (RFC 8122 §5)";
            return false;
        }

        var dataIndex = parsed.Media.FindIndex(IsDataSection);
        var data = dataIndex < 0 ? null : parsed.Media[dataIndex];
        remote = new RemoteParameters
        {
            Sdp = parsed,
            TransportSection = section,
            DataSection = data,
            DataIndex = dataIndex,
            DataMid = data is null ? null : data.Mid ?? dataIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Credentials = new IceCredentials(ufrag, pwd),
            Fingerprints = fingerprints,
            Setup = parsed.GetSetup(section) ?? SdpSetup.ActPass,
            SctpPort = (data?.SctpPort ?? data?.SctpMap?.Port) is > 0 and <= ushort.MaxValue and var port ? (ushort)port : (ushort)5000,
            MaxMessageSize = data?.MaxMessageSize switch
            {
                null => DefaultMaxMessageSize,
                0 or > int.MaxValue => int.MaxValue,
                var size => (int)size.Value,
            },
        };
        return true;
    }

    /// <summary>
    /// RFC 8841 §4: <c>m=application &lt;port&gt; UDP/DTLS/SCTP webrtc-datachannel</c>, not rejected; or the
    /// same in the format before it (<see cref="IsLegacyDataSection"/>).
    /// </summary>
    public static bool IsDataSection(SdpMediaDescription media) =>
        !media.IsRejected
        && string.Equals(media.Media, "application", StringComparison.OrdinalIgnoreCase)
        && media.Protocol.EndsWith("DTLS/SCTP", StringComparison.OrdinalIgnoreCase)
        && (media.Formats.Contains(LocalDescriptionBuilder.DataFormat) || IsLegacyDataSection(media));

    /// <summary>
    /// draft-ietf-mmusic-sctp-sdp-05 §4–5 (before RFC 8841): "m=application 9 DTLS/SCTP 5000" and
    /// "a=sctpmap:5000 webrtc-datachannel 65535" — the format is the SCTP port, the sctpmap line names
    /// the protocol. RFC 8841 replaced it, but aiortc still offers it and libwebrtc accepts it (and
    /// answers in the same format), so we do too.
    /// </summary>
    public static bool IsLegacyDataSection(SdpMediaDescription media) =>
        media.SctpMap is { } map
        && string.Equals(map.Protocol, LocalDescriptionBuilder.DataFormat, StringComparison.OrdinalIgnoreCase)
        && media.Formats.Contains(map.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A section that can carry the transport: a data section or a non-rejected RTP audio/video section.</summary>
    public static bool IsTransportSection(SdpMediaDescription media) =>
        IsDataSection(media) || (!media.IsRejected && (MediaPlan.IsRtp(media, "audio") || MediaPlan.IsRtp(media, "video")));
}
