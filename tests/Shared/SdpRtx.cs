namespace Tandem.Testing;

/// <summary>Reads a media section's payload types and their RFC 4588 rtx repairs, for the tests that check RTX was negotiated.</summary>
internal static class SdpRtx
{
    /// <summary>The first <c>m=video</c> section's lines of <paramref name="sdp"/>, from its m= line up to the next (RFC 8866 §5.14).</summary>
    public static IReadOnlyList<string> VideoSection(string sdp) =>
        sdp.Split('\n').Select(l => l.TrimEnd('\r'))
            .SkipWhile(l => !l.StartsWith("m=video ", StringComparison.Ordinal))
            .TakeWhile((l, i) => i == 0 || !l.StartsWith("m=", StringComparison.Ordinal)).ToList();

    /// <summary>RFC 8866 §6.6: the payload types whose <c>a=rtpmap</c> names <paramref name="encoding"/> (case-insensitive).</summary>
    public static IReadOnlyList<string> PayloadTypes(IReadOnlyList<string> section, string encoding) =>
        section.Where(l => l.StartsWith("a=rtpmap:", StringComparison.Ordinal)
                && l.Split(' ')[1].Split('/')[0].Equals(encoding, StringComparison.OrdinalIgnoreCase))
            .Select(l => l["a=rtpmap:".Length..].Split(' ')[0]).ToList();

    /// <summary>RFC 4588 §8.6: each rtx payload type of the section with the payload type its <c>apt=</c> repairs (null if none).</summary>
    public static IReadOnlyList<(string Rtx, string? Apt)> Repairs(IReadOnlyList<string> section) =>
        PayloadTypes(section, "rtx").Select(pt => (pt, section
            .Where(l => l.StartsWith($"a=fmtp:{pt} ", StringComparison.Ordinal))
            .SelectMany(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..].Split(';'))
            .Select(p => p.Trim())
            .Where(p => p.StartsWith("apt=", StringComparison.Ordinal))
            .Select(p => p[4..]).FirstOrDefault())).ToList();
}
