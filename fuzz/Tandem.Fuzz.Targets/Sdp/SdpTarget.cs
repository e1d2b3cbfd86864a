using System.Text;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Sdp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Sdp;

/// <summary>
/// A remote session description (RFC 8866, JSEP) as the peer connection reads it: parse, the values it
/// then looks up (fingerprints, fmtp, profile-level-id), and write → parse → write, which must be stable.
/// </summary>
public sealed class SdpTarget : IFuzzTarget
{
    public string Name => "sdp";

    public void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        if (!SdpSessionDescription.TryParse(text, out var session, out var error))
        {
            Check(error.Length > 0, "a refused SDP has no error text");
            return;
        }

        _ = session.BundleGroup;
        foreach (var media in session.Media)
        {
            _ = (session.GetIceUfrag(media), session.GetIcePwd(media), session.GetSetup(media), session.GetDirection(media), media.Cname, media.IsRejected);
            foreach (var fingerprint in session.GetFingerprints(media))
            {
                _ = DtlsFingerprint.TryParse(fingerprint.ToString(), out _);
            }

            foreach (var payload in media.Payloads)
            {
                _ = payload.RtpMap;
                _ = payload.ParseParameters();
                _ = SdpH264ProfileLevelId.TryFromFmtp(payload, out _);
            }
        }

        string written = session.ToString();
        Check(SdpSessionDescription.TryParse(written, out var again, out var againError), $"our own SDP does not parse: {againError}");
        string rewritten = again!.ToString();
        Check(rewritten == written, "write → parse → write is not stable");
    }
}
