using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Tandem.Server.Admin.Page;

/// <summary>
/// The admin page's files (<c>web/admin/</c> in the repository), embedded in the assembly so the
/// server serves them from wherever it runs, with no build step and no content root to find.
/// </summary>
internal static class EmbeddedPage
{
    private const string Prefix = "web/admin/";

    private static readonly FrozenDictionary<string, PageFile> Files = Load();

    /// <summary>The files, by name (e.g. <c>admin.js</c>).</summary>
    public static IReadOnlyDictionary<string, PageFile> All => Files;

    /// <summary>A file's text.</summary>
    public static string ReadText(string name) => System.Text.Encoding.UTF8.GetString(Files[name].Content);

    private static FrozenDictionary<string, PageFile> Load()
    {
        var assembly = typeof(EmbeddedPage).Assembly;
        var files = new Dictionary<string, PageFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[Prefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
            files[name] = new PageFile(name, ContentType(name), content, etag);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

/// <summary>One embedded file.</summary>
/// <param name="Name">File name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="ETag">A strong validator derived from the content.</param>
internal sealed record PageFile(string Name, string ContentType, byte[] Content, string ETag);
