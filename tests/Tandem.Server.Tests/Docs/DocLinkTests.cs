using System.Text;
using System.Text.RegularExpressions;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Docs;

/// <summary>
/// Every relative link of the product's docs (README.md, ARCHITECTURE.md, docs/**, web/**/README.md)
/// resolves to a file inside the repository, and every #anchor to a heading of its file: a clone
/// never points outside itself, and a renamed file or heading cannot leave a dead link behind.
/// </summary>
public partial class DocLinkTests
{
    public static TheoryData<string> Documents()
    {
        var root = RepoRoot.Path;
        var files = new[] { "README.md", "ARCHITECTURE.md" }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "web"), "README.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)));
        var data = new TheoryData<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            data.Add(file.Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Links_Relative_ResolveInsideTheRepository(string document)
    {
        var path = RepoRoot.File(document);
        var problems = new List<string>();
        foreach (var target in Links(File.ReadAllText(path)))
        {
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!resolved.StartsWith(RepoRoot.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"{target}: outside the repository");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                problems.Add($"{target}: no such file");
            }
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
            {
                problems.Add($"{target}: no heading with that anchor");
            }
        }

        Assert.True(problems.Count == 0, $"{document}:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void Links_Extraction_FindsInlineLinksAndImagesOutsideCode()
    {
        const string text = "See [a](x.md) and ![pic](img/p.svg).\n`[not](code.md)`\n```\n[fenced](no.md)\n```\n[b](y.md#some-part)\n";
        Assert.Equal(["x.md", "img/p.svg", "y.md#some-part"], Links(text));
    }

    [Theory]
    [InlineData("## What limits each figure", "what-limits-each-figure")]
    [InlineData("### Throughput against the ceiling (v5)", "throughput-against-the-ceiling-v5")]
    [InlineData("## The machine, and what it does to the figures", "the-machine-and-what-it-does-to-the-figures")]
    [InlineData("## 生产环境检查清单", "生产环境检查清单")]
    [InlineData("## `Signaling:*` settings", "signaling-settings")]
    public void Anchors_GitHubSlugs(string heading, string anchor) => Assert.Contains(anchor, Anchors(heading + "\n"));

    private static List<string> Links(string markdown)
    {
        var links = new List<string>();
        foreach (var line in WithoutCode(markdown).Split('\n'))
        {
            foreach (Match m in InlineLink().Matches(line))
            {
                links.Add(m.Groups[1].Value);
            }
        }

        return links;
    }

    // Fenced blocks and inline code spans removed: what looks like a link there is text.
    private static string WithoutCode(string markdown)
    {
        var text = new StringBuilder();
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                text.Append('\n');
                continue;
            }

            text.Append(fenced ? "" : CodeSpan().Replace(line, "")).Append('\n');
        }

        return text.ToString();
    }

    // GitHub's heading anchors: lower case, punctuation dropped (letters of any script, digits, '-' and '_' kept), spaces to '-'.
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in WithoutFences(markdown))
        {
            var m = Heading().Match(line);
            if (m.Success)
            {
                var slug = new StringBuilder();
                foreach (var c in m.Groups[1].Value.Trim().ToLowerInvariant())
                {
                    if (char.IsLetterOrDigit(c) || c is '-' or '_')
                    {
                        slug.Append(c);
                    }
                    else if (c == ' ')
                    {
                        slug.Append('-');
                    }
                }

                anchors.Add(slug.ToString());
            }
        }

        return anchors;
    }

    private static IEnumerable<string> WithoutFences(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
            }
            else if (!fenced)
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
