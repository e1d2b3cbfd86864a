using System.Globalization;

namespace Tandem.WebRtc.Sdp;

/// <summary>The H.264 profiles told apart when matching <c>profile-level-id</c> values.</summary>
internal enum SdpH264Profile
{
    /// <summary>A profile not matched here (High, Main...): equal only to the same profile_idc and constraints.</summary>
    Other,

    /// <summary>Constrained Baseline (RFC 6184 Table 5: profile_idc 0x42 with constraint_set1, or 0x4D with constraint_set0...).</summary>
    ConstrainedBaseline,

    /// <summary>Baseline (profile_idc 0x42 without constraint_set1).</summary>
    Baseline,
}

/// <summary>
/// The H.264 <c>profile-level-id</c> fmtp parameter (RFC 6184 §8.1): profile_idc, profile-iop
/// (the constraint_set flags) and level_idc, as six hex digits (<c>42e01f</c>).
/// </summary>
/// <param name="ProfileIdc">profile_idc (0x42 Baseline, 0x4D Main, 0x64 High...).</param>
/// <param name="ProfileIop">The constraint_set0..5 flags, most significant bit first.</param>
/// <param name="LevelIdc">level_idc (0x1f = level 3.1).</param>
internal readonly record struct SdpH264ProfileLevelId(byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    /// <summary>RFC 6184 §8.1: without the parameter, Baseline level 1 (<c>42000a</c>) is meant.</summary>
    public static SdpH264ProfileLevelId Default { get; } = new(0x42, 0x00, 0x0a);

    /// <summary>The profile class, following RFC 6184 §8.1 Table 5 (constraint_set flags that pin a profile).</summary>
    public SdpH264Profile Profile => ProfileIdc switch
    {
        0x42 when (ProfileIop & 0x40) != 0 => SdpH264Profile.ConstrainedBaseline,
        0x4D when (ProfileIop & 0x80) != 0 => SdpH264Profile.ConstrainedBaseline,
        0x58 when (ProfileIop & 0xC0) == 0xC0 => SdpH264Profile.ConstrainedBaseline,
        0x42 => SdpH264Profile.Baseline,
        0x58 when (ProfileIop & 0x80) != 0 => SdpH264Profile.Baseline,
        _ => SdpH264Profile.Other,
    };

    /// <summary>Parses six hex digits; false for anything else.</summary>
    public static bool TryParse(string? text, out SdpH264ProfileLevelId value)
    {
        value = default;
        if (text is not { Length: 6 } || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return false;
        }

        value = new SdpH264ProfileLevelId((byte)(bits >> 16), (byte)(bits >> 8), (byte)bits);
        return true;
    }

    /// <summary>
    /// The <c>profile-level-id</c> of an H.264 payload's fmtp, <see cref="Default"/> when absent; false
    /// when present but malformed.
    /// </summary>
    public static bool TryFromFmtp(SdpRtpPayload payload, out SdpH264ProfileLevelId value)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!payload.ParseParameters().TryGetValue("profile-level-id", out var text))
        {
            value = Default;
            return true;
        }

        return TryParse(text, out value);
    }

    /// <summary>
    /// RFC 6184 §8.2.2: whether a stream of profile <paramref name="stream"/> may be sent to a decoder
    /// that announced this profile (the level is negotiated apart, level-asymmetry-allowed). Equal
    /// profiles match, and a Constrained Baseline stream is also a Baseline stream.
    /// </summary>
    public bool Accepts(SdpH264ProfileLevelId stream) =>
        Profile == stream.Profile && (Profile != SdpH264Profile.Other || (ProfileIdc == stream.ProfileIdc && ProfileIop == stream.ProfileIop))
        || (Profile == SdpH264Profile.Baseline && stream.Profile == SdpH264Profile.ConstrainedBaseline);

    /// <summary>Whether both announce the same profile (ignoring the level).</summary>
    public bool SameProfile(SdpH264ProfileLevelId other) =>
        Profile == other.Profile && (Profile != SdpH264Profile.Other || (ProfileIdc == other.ProfileIdc && ProfileIop == other.ProfileIop));

    /// <summary>Six lowercase hex digits.</summary>
    public override string ToString() => $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}";
}
