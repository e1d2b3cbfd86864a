using System.Globalization;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>Writes our offers and answers (JSEP, RFC 8829 §5.2 and §5.3), data channel section only.</summary>
internal static class LocalDescriptionBuilder
{
    public const string DataFormat = "webrtc-datachannel";
    public const string DataProtocol = "UDP/DTLS/SCTP";

    /// <summary>
    /// RFC 8829 §5.2.1: an initial offer with one BUNDLE group holding one data section (mid 0),
    /// <c>a=setup:actpass</c> (RFC 8842 §5.2) and trickle ICE (RFC 8840 §4.1.1).
    /// </summary>
    public static SdpSessionDescription Offer(LocalParameters local, string mid, SdpSetup setup)
    {
        var sdp = NewSession(local);
        sdp.Groups.Add(new SdpGroup("BUNDLE", [mid]));
        sdp.Media.Add(DataSection(local, mid, setup));
        return sdp;
    }

    /// <summary>
    /// RFC 8829 §5.3.1: one section per offered section, in order. The offer's data section is accepted
    /// with <paramref name="setup"/> (active unless an earlier exchange fixed our role); every other
    /// section is rejected with port 0 and left out of the BUNDLE group (RFC 9143 §7.3.3).
    /// </summary>
    public static SdpSessionDescription Answer(LocalParameters local, RemoteParameters remote, SdpSetup setup)
    {
        var sdp = NewSession(local);
        for (var i = 0; i < remote.Sdp.Media.Count; i++)
        {
            var offered = remote.Sdp.Media[i];
            if (i == remote.DataIndex)
            {
                sdp.Media.Add(DataSection(local, remote.DataMid, setup));
                continue;
            }

            var rejected = new SdpMediaDescription
            {
                Media = offered.Media,
                Port = 0,
                Protocol = offered.Protocol,
                Connection = SdpConnection.Placeholder,
                Mid = offered.Mid,
                Direction = offered.Protocol.Contains("RTP", StringComparison.OrdinalIgnoreCase) ? SdpDirection.Inactive : null,
            };
            rejected.Formats.Add(offered.Formats.Count > 0 ? offered.Formats[0] : "0");
            sdp.Media.Add(rejected);
        }

        if (remote.Sdp.BundleGroup is not null)
        {
            sdp.Groups.Add(new SdpGroup("BUNDLE", [remote.DataMid]));
        }

        return sdp;
    }

    private static SdpSessionDescription NewSession(LocalParameters local) => new()
    {
        Origin = SdpOrigin.Create(local.SessionId, local.SessionVersion),
    };

    private static SdpMediaDescription DataSection(LocalParameters local, string mid, SdpSetup setup)
    {
        var media = new SdpMediaDescription
        {
            Media = "application",
            Port = 9,
            Protocol = DataProtocol,
            Connection = SdpConnection.Placeholder,
            IceUfrag = local.Credentials.Ufrag,
            IcePwd = local.Credentials.Password,
            IceOptions = "trickle",
            Setup = setup,
            Mid = mid,
            SctpPort = local.SctpPort,
            MaxMessageSize = local.MaxMessageSize,
        };
        media.Formats.Add(DataFormat);
        media.Fingerprints.Add(new SdpFingerprint(local.Fingerprint.Algorithm, local.Fingerprint.Value));
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
