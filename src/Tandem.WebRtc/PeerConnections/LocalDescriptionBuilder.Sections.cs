using System.Globalization;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

internal static partial class LocalDescriptionBuilder
{
    private static SdpSessionDescription NewSession(LocalParameters local)
    {
        var sdp = new SdpSessionDescription { Origin = SdpOrigin.Create(local.SessionId, local.SessionVersion) };
        sdp.Groups.Add(new SdpGroup("BUNDLE", []));
        return sdp;
    }

    /// <summary>
    /// Appends a section; an accepted one gets the shared transport's ICE credentials, fingerprint and
    /// setup (RFC 8843 §7.1.3 lets bundled sections repeat them) and joins the BUNDLE group.
    /// </summary>
    private static void AddSection(SdpSessionDescription sdp, List<string> bundle, SdpMediaDescription section, LocalParameters local, SdpSetup setup)
    {
        if (!section.IsRejected)
        {
            section.IceUfrag = local.Credentials.Ufrag;
            section.IcePwd = local.Credentials.Password;
            section.IceOptions = "trickle";
            section.Setup = setup;
            section.Fingerprints.Add(new SdpFingerprint(local.Fingerprint.Algorithm, local.Fingerprint.Value));
            bundle.Add(section.Mid!);
        }

        sdp.Media.Add(section);
    }

    /// <summary>The BUNDLE group's mids, and <c>a=msid-semantic</c> for browsers when there are RTP sections.</summary>
    private static void AddMediaSessionAttributes(SdpSessionDescription sdp, LocalMedia media, List<string> bundle)
    {
        if (sdp.Groups.Count > 0)
        {
            sdp.Groups[0] = new SdpGroup("BUNDLE", bundle);
        }

        if (sdp.Media.Exists(m => !m.IsRejected && m.Protocol == MediaSectionWriter.RtpProtocol))
        {
            sdp.MsidSemantic = new SdpMsidSemantic("WMS", [media.StreamId]);
        }
    }

    /// <summary>A rejected section (RFC 3264 §6: port 0) keeping the offer's media, protocol and mid.</summary>
    private static SdpMediaDescription Rejected(string media, string protocol, string mid, string? format)
    {
        var rejected = new SdpMediaDescription
        {
            Media = media,
            Port = 0,
            Protocol = protocol,
            Connection = SdpConnection.Placeholder,
            Mid = mid,
            Direction = protocol.Contains("RTP", StringComparison.OrdinalIgnoreCase) ? SdpDirection.Inactive : null,
        };
        rejected.Formats.Add(format ?? (protocol.Contains("SCTP", StringComparison.OrdinalIgnoreCase) ? DataFormat : "0"));
        return rejected;
    }

    /// <summary>
    /// The data section in RFC 8841's format, or in the one before it when <paramref name="protocol"/> is
    /// <see cref="LegacyDataProtocol"/> (RFC 8829 §5.3.1: an answer's m= line keeps the offer's proto; a
    /// re-offer keeps the last exchange's, §5.2.2), as libwebrtc answers a legacy offer.
    /// </summary>
    private static SdpMediaDescription DataSection(LocalParameters local, string mid, string protocol)
    {
        var legacy = string.Equals(protocol, LegacyDataProtocol, StringComparison.OrdinalIgnoreCase);
        var media = new SdpMediaDescription
        {
            Media = "application",
            Port = 9,
            Protocol = legacy ? LegacyDataProtocol : DataProtocol,
            Connection = SdpConnection.Placeholder,
            Mid = mid,
            SctpPort = legacy ? null : local.SctpPort,
            SctpMap = legacy ? new SdpSctpMap(local.SctpPort, DataFormat, ushort.MaxValue) : null,
            MaxMessageSize = local.MaxMessageSize,
        };
        media.Formats.Add(legacy ? local.SctpPort.ToString(CultureInfo.InvariantCulture) : DataFormat);
        return media;
    }
}

/// <summary>Our side of a description: session id and version, ICE credentials, certificate fingerprint, SCTP parameters.</summary>
internal sealed record LocalParameters(
    string SessionId, ulong SessionVersion, IceCredentials Credentials, DtlsFingerprint Fingerprint, int SctpPort, int MaxMessageSize)
{
    /// <summary>RFC 8829 §5.2.1: a random 62-bit session id, as decimal digits.</summary>
    public static string NewSessionId() =>
        (BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) >> 2).ToString(CultureInfo.InvariantCulture);
}
