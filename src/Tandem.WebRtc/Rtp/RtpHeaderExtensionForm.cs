namespace Tandem.WebRtc.Rtp;

/// <summary>The header extension layouts of RFC 8285 §4 (https://www.rfc-editor.org/rfc/rfc8285#section-4).</summary>
internal enum RtpHeaderExtensionForm
{
    /// <summary>No header extension (X = 0).</summary>
    None,

    /// <summary>One-byte header (profile 0xBEDE): ids 1–14, values of 1–16 bytes.</summary>
    OneByte,

    /// <summary>Two-byte header (profile 0x100x): ids 1–255, values of 0–255 bytes.</summary>
    TwoByte,
}
