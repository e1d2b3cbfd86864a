namespace Tandem.WebRtc.Dtls;

/// <summary>What <see cref="DtlsRecordProtection.Unprotect"/> made of a received record.</summary>
internal enum DtlsRecordStatus
{
    /// <summary>Authentic and new: the plaintext was written.</summary>
    Ok,

    /// <summary>Truncated, not DTLS 1.2, too short for the AEAD overhead, or too long for the destination.</summary>
    Malformed,

    /// <summary>Protected under another epoch than this one.</summary>
    WrongEpoch,

    /// <summary>A sequence number already received, or too old for the replay window (RFC 6347 §4.1.2.6).</summary>
    Replayed,

    /// <summary>The authentication tag did not verify: tampered, or not sealed with the peer's key.</summary>
    Forged,
}
