namespace Tandem.WebRtc.Rtcp;

/// <summary>
/// Appends RTCP packets one after the other into a caller-owned buffer to form a compound
/// packet (https://www.rfc-editor.org/rfc/rfc3550#section-6.1: start with SR/RR, include SDES CNAME) or a reduced-size one
/// (RFC 5506: a lone feedback packet). Each method returns false, writing nothing, if the packet does not fit.
/// </summary>
internal ref struct RtcpCompoundWriter
{
    private readonly Span<byte> _buffer;

    /// <summary>Writes into <paramref name="destination"/>.</summary>
    public RtcpCompoundWriter(Span<byte> destination) => _buffer = destination;

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The compound packet written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    /// <summary>Appends an SR.</summary>
    public bool TryAddSenderReport(uint ssrc, in RtcpSenderInfo info, scoped ReadOnlySpan<RtcpReportBlock> blocks) =>
        Advance(RtcpSenderReport.TryWrite(_buffer[Length..], ssrc, info, blocks, out var n), n);

    /// <summary>Appends an RR.</summary>
    public bool TryAddReceiverReport(uint ssrc, scoped ReadOnlySpan<RtcpReportBlock> blocks) =>
        Advance(RtcpReceiverReport.TryWrite(_buffer[Length..], ssrc, blocks, out var n), n);

    /// <summary>Appends an SDES with a CNAME.</summary>
    public bool TryAddCname(uint ssrc, scoped ReadOnlySpan<byte> cname) =>
        Advance(RtcpSourceDescription.TryWriteCname(_buffer[Length..], ssrc, cname, out var n), n);

    /// <summary>Appends a BYE.</summary>
    public bool TryAddBye(scoped ReadOnlySpan<uint> ssrcs, scoped ReadOnlySpan<byte> reason = default) =>
        Advance(RtcpBye.TryWrite(_buffer[Length..], ssrcs, reason, out var n), n);

    /// <summary>Appends a generic NACK.</summary>
    public bool TryAddNack(uint senderSsrc, uint mediaSsrc, scoped ReadOnlySpan<ushort> lost) =>
        Advance(RtcpGenericNack.TryWrite(_buffer[Length..], senderSsrc, mediaSsrc, lost, out var n), n);

    /// <summary>Appends a PLI.</summary>
    public bool TryAddPictureLossIndication(uint senderSsrc, uint mediaSsrc) =>
        Advance(new RtcpPictureLossIndication(senderSsrc, mediaSsrc).TryWrite(_buffer[Length..], out var n), n);

    /// <summary>Appends a FIR.</summary>
    public bool TryAddFullIntraRequest(uint senderSsrc, uint mediaSsrc, byte sequenceNumber) =>
        Advance(RtcpFullIntraRequest.TryWrite(_buffer[Length..], senderSsrc, mediaSsrc, sequenceNumber, out var n), n);

    /// <summary>Appends a transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) of <paramref name="arrivals"/>.</summary>
    public bool TryAddTransportFeedback(
        uint senderSsrc, uint mediaSsrc, ushort baseSequenceNumber, byte feedbackPacketCount, scoped ReadOnlySpan<long> arrivals, out int described)
    {
        var ok = RtcpTransportFeedback.TryWrite(_buffer[Length..], senderSsrc, mediaSsrc, baseSequenceNumber, feedbackPacketCount, arrivals, out var n, out described);
        return Advance(ok, n);
    }

    private bool Advance(bool ok, int written)
    {
        if (ok)
        {
            Length += written;
        }

        return ok;
    }
}
