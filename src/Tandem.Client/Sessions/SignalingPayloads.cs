using System.Text.Json;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// The peer payloads of PROTOCOL.md R36 in W3C shapes: <c>{type, sdp}</c> for offers and answers,
/// <c>{candidate, sdpMid, sdpMLineIndex}</c> (plus <c>usernameFragment</c>) for ICE candidates.
/// Parsing never throws: a payload that does not fit is reported as false.
/// </summary>
internal static class SignalingPayloads
{
    public static JsonElement Description(RtcSessionDescriptionInit description)
    {
        using var document = JsonSerializerToDocument(writer =>
        {
            writer.WriteString("type", description.TypeName);
            writer.WriteString("sdp", description.Sdp);
        });
        return document.RootElement.Clone();
    }

    public static JsonElement Candidate(RtcIceCandidateInit candidate)
    {
        using var document = JsonSerializerToDocument(writer =>
        {
            writer.WriteString("candidate", candidate.Candidate);
            if (candidate.SdpMid is { } mid)
            {
                writer.WriteString("sdpMid", mid);
            }

            if (candidate.SdpMLineIndex is { } index)
            {
                writer.WriteNumber("sdpMLineIndex", index);
            }

            if (candidate.UsernameFragment is { } ufrag)
            {
                writer.WriteString("usernameFragment", ufrag);
            }
        });
        return document.RootElement.Clone();
    }

    /// <summary>PROTOCOL.md R44: the answerer's request for an ICE-restart offer; the reason is for logs only.</summary>
    public static JsonElement RestartRequest(string reason)
    {
        using var document = JsonSerializerToDocument(writer => writer.WriteString("reason", reason));
        return document.RootElement.Clone();
    }

    public static bool TryParseDescription(JsonElement data, RtcSdpType expected, out RtcSessionDescriptionInit? description)
    {
        description = null;
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("sdp", out var sdp) || sdp.ValueKind != JsonValueKind.String
            || (data.TryGetProperty("type", out var type) && (type.ValueKind != JsonValueKind.String
                || !RtcSdpTypeText.TryParse(type.GetString(), out var parsed) || parsed != expected)))
        {
            return false;
        }

        description = new RtcSessionDescriptionInit(expected, sdp.GetString()!);
        return true;
    }

    public static bool TryParseCandidate(JsonElement data, out RtcIceCandidateInit? candidate)
    {
        candidate = null;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("candidate", out var line) || line.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var mid = data.TryGetProperty("sdpMid", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        int? index = data.TryGetProperty("sdpMLineIndex", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var n) ? n : null;
        var ufrag = data.TryGetProperty("usernameFragment", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        candidate = new RtcIceCandidateInit(line.GetString()!, mid, index, ufrag);
        return true;
    }

    /// <summary>The first <c>a=fingerprint</c> value of an SDP (RFC 8122 §5): a new one means a new peer connection.</summary>
    public static string? Fingerprint(string sdp)
    {
        const string Prefix = "a=fingerprint:";
        foreach (var line in sdp.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return line[Prefix.Length..].Trim().ToString().ToUpperInvariant();
            }
        }

        return null;
    }

    /// <summary>
    /// Which peer connection wrote an SDP: its <c>o=</c> session id (RFC 8866 §5.2: the same for every
    /// description of one session, a new one for a new session) and its first <c>a=fingerprint</c>
    /// (RFC 8122 §5). A peer that answers or offers from another connection (it restarted, or a page was
    /// reloaded) shows a new value even when it kept its DTLS certificate. Null when the SDP has neither.
    /// </summary>
    public static string? Connection(string sdp)
    {
        string? session = null;
        foreach (var line in sdp.AsSpan().EnumerateLines())
        {
            // o=<username> <sess-id> <sess-version> ...
            if (line.StartsWith("o=", StringComparison.Ordinal))
            {
                var rest = line[2..];
                var space = rest.IndexOf(' ');
                if (space >= 0)
                {
                    rest = rest[(space + 1)..];
                    var end = rest.IndexOf(' ');
                    session = (end >= 0 ? rest[..end] : rest).ToString();
                }

                break;
            }
        }

        var fingerprint = Fingerprint(sdp);
        return session is null && fingerprint is null ? null : $"{session} {fingerprint}";
    }

    private static JsonDocument JsonSerializerToDocument(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
