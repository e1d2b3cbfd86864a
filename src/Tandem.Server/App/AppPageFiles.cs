using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Tandem.Server.App;

/// <summary>
/// The app page's files (<c>web/app/</c> in the repository), embedded in the assembly like the
/// admin page's, so the server serves them from wherever it runs, with no build step.
/// </summary>
internal static class AppPageFiles
{
    private const string Prefix = "web/app/";

    private static readonly FrozenDictionary<string, AppPageFile> Files = Load();

    /// <summary>The files, by name (e.g. <c>app.js</c>).</summary>
    public static IReadOnlyDictionary<string, AppPageFile> All => Files;

    private static FrozenDictionary<string, AppPageFile> Load()
    {
        var assembly = typeof(AppPageFiles).Assembly;
        var files = new Dictionary<string, AppPageFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[Prefix.Length..];
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
            files[name] = new AppPageFile(name, ContentType(name), content, etag);
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

/// <summary>One embedded file of the app page.</summary>
/// <param name="Name">File name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="ETag">A strong validator derived from the content.</param>
internal sealed record AppPageFile(string Name, string ContentType, byte[] Content, string ETag);
