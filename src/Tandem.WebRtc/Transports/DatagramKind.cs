namespace Tandem.WebRtc.Transports;

/// <summary>The protocol families RFC 7983 §7 tells apart on one 5-tuple.</summary>
internal enum DatagramKind
{
    /// <summary>No known protocol: dropped.</summary>
    Unknown,

    /// <summary>STUN (first byte 0–3).</summary>
    Stun,

    /// <summary>DTLS (first byte 20–63).</summary>
    Dtls,

    /// <summary>RTP or RTCP, protected or not (first byte 128–191).</summary>
    Rtp,
}
