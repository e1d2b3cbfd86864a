using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>The headers of the records in one datagram (RFC 6347 §4.1.1: several may share it).</summary>
internal static class DtlsRecordWire
{
    public static List<DtlsRecordHeader> Headers(ReadOnlySpan<byte> datagram)
    {
        var headers = new List<DtlsRecordHeader>();
        while (DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header))
        {
            headers.Add(header);
            datagram = datagram[header.RecordLength..];
        }

        return headers;
    }

    /// <summary>True for a datagram carrying an epoch-1 handshake record (a Finished).</summary>
    public static bool HasFinished(ReadOnlyMemory<byte> datagram) =>
        Headers(datagram.Span).Exists(h => h.ContentType == 22 && h.Epoch == 1);
}
