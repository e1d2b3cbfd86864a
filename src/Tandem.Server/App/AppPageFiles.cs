using System.Collections.Frozen;
using Tandem.Server.Hosting;

namespace Tandem.Server.App;

/// <summary>The app page's files (<c>web/app/</c> in the repository, embedded).</summary>
internal static class AppPageFiles
{
    private const string Prefix = "web/app/";

    private static readonly FrozenDictionary<string, PageFile> Files = EmbeddedFiles.Load(Prefix);

    /// <summary>The files, by name (e.g. <c>app.js</c>).</summary>
    public static IReadOnlyDictionary<string, PageFile> All => Files;
}
