using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Tandem.Server.Hosting;

/// <summary>
/// Static page files (<c>web/admin/</c>, <c>web/app/</c> in the repository) embedded in the assembly, so
/// the server serves them from wherever it runs, with no build step and no content root to find.
/// </summary>
internal static class EmbeddedFiles
{
    /// <summary>The embedded files under <paramref name="prefix"/> (e.g. <c>web/app/</c>), by file name.</summary>
    public static FrozenDictionary<string, PageFile> Load(string prefix)
    {
        var assembly = typeof(EmbeddedFiles).Assembly;
        var files = new Dictionary<string, PageFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[prefix.Length..];
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
internal sealed record PageFile(string Name, string ContentType, byte[] Content, string ETag)
{
    /// <summary>Sets the ETag; 304 when the client already has this version, else the bytes.</summary>
    public IResult ToResult(HttpContext context)
    {
        context.Response.Headers.ETag = ETag;
        return context.Request.Headers.IfNoneMatch.ToString() == ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(Content, ContentType);
    }
}
