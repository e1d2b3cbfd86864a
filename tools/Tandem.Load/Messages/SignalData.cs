using System.Buffers;
using System.Text;

namespace Tandem.Load.Messages;

/// <summary>
/// Writes the <c>data</c> object of an offer, answer or ICE message in the R36 shapes
/// (RTCSessionDescriptionInit, RTCIceCandidateInit) plus the <see cref="LoadTag"/> fields.
/// </summary>
public static class SignalData
{
    private static readonly byte[][] Candidates = Enumerable.Range(0, 64)
        .Select(i => Encoding.UTF8.GetBytes(Payloads.Candidate(i))).ToArray();

    /// <summary>Appends the data object for <paramref name="kind"/>; <paramref name="iceIndex"/> picks the candidate.</summary>
    public static void Write(IBufferWriter<byte> writer, SignalKind kind, int iceIndex, LoadTag tag)
    {
        switch (kind)
        {
            case SignalKind.Offer:
                Utf8Out.Raw(writer, "{\"type\":\"offer\",\"sdp\":\""u8);
                Utf8Out.Raw(writer, Payloads.OfferSdpJson);
                Utf8Out.Raw(writer, "\""u8);
                break;
            case SignalKind.Answer:
                Utf8Out.Raw(writer, "{\"type\":\"answer\",\"sdp\":\""u8);
                Utf8Out.Raw(writer, Payloads.AnswerSdpJson);
                Utf8Out.Raw(writer, "\""u8);
                break;
            default:
                Utf8Out.Raw(writer, "{\"candidate\":\""u8);
                Utf8Out.Raw(writer, Candidates[iceIndex % Candidates.Length]);
                Utf8Out.Raw(writer, "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0"u8);
                break;
        }

        Utf8Out.Raw(writer, ",\"lt_pair\":"u8);
        Utf8Out.Number(writer, tag.Pair);
        Utf8Out.Raw(writer, ",\"lt_side\":"u8);
        Utf8Out.Number(writer, tag.Side);
        Utf8Out.Raw(writer, ",\"lt_seq\":"u8);
        Utf8Out.Number(writer, tag.Seq);
        Utf8Out.Raw(writer, ",\"lt_ts\":"u8);
        Utf8Out.Number(writer, tag.Timestamp);
        Utf8Out.Raw(writer, "}"u8);
    }
}
