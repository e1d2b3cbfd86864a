namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>Just enough SDP (RFC 8866) reading for the browser tests' assertions.</summary>
public static class Sdp
{
    public static IReadOnlyList<string> Lines(string sdp) =>
        sdp.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    /// <summary>The value of the first <c>a=name:value</c> line (null if none).</summary>
    public static string? Attribute(string sdp, string name) =>
        Lines(sdp).Where(l => l.StartsWith($"a={name}:", StringComparison.Ordinal)).Select(l => l[(name.Length + 3)..]).FirstOrDefault();

    /// <summary>The media sections (RFC 8866 §5.14), each from its m= line up to the next.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> MediaSections(string sdp)
    {
        var sections = new List<IReadOnlyList<string>>();
        List<string>? current = null;
        foreach (var line in Lines(sdp))
        {
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                current = [];
                sections.Add(current);
            }

            current?.Add(line);
        }

        return sections;
    }

    /// <summary>The media kind of a section ("audio", "video", "application").</summary>
    public static string Kind(IReadOnlyList<string> section) => section[0][2..].Split(' ')[0];

    /// <summary>The encoding names of a section's a=rtpmap lines (RFC 8866 §6.6), e.g. "H264".</summary>
    public static IReadOnlyList<string> Codecs(IReadOnlyList<string> section) =>
        section.Where(l => l.StartsWith("a=rtpmap:", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1].Split('/')[0]).ToList();
}
