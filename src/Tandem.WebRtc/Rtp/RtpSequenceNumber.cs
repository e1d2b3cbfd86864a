namespace Tandem.WebRtc.Rtp;

/// <summary>Arithmetic on 16-bit RTP sequence numbers that wrap (RFC 3550 §5.1, App. A.1: https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1).</summary>
internal static class RtpSequenceNumber
{
    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/>, in [-32768, 32767].</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>True when <paramref name="candidate"/> is after <paramref name="reference"/> modulo 2^16.</summary>
    public static bool IsNewer(ushort candidate, ushort reference) => Distance(reference, candidate) > 0;
}
