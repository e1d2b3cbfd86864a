using System.Collections.Frozen;
using Tandem.Server.Hosting;

namespace Tandem.Server.Admin.Page;

/// <summary>The admin page's files (<c>web/admin/</c> in the repository, embedded).</summary>
internal static class EmbeddedPage
{
    private const string Prefix = "web/admin/";

    private static readonly FrozenDictionary<string, PageFile> Files = EmbeddedFiles.Load(Prefix);

    /// <summary>The files, by name (e.g. <c>admin.js</c>).</summary>
    public static IReadOnlyDictionary<string, PageFile> All => Files;

    /// <summary>A file's text.</summary>
    public static string ReadText(string name) => System.Text.Encoding.UTF8.GetString(Files[name].Content);
}
