using System.Text.RegularExpressions;
using Tandem.Server.Configuration;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Docs;

/// <summary>The READMEs' settings tables (English and Chinese) list exactly the server's settings, with their defaults.</summary>
public partial class ReadmeSettingsTests
{
    [Theory]
    [InlineData("README.md", "not set")]
    [InlineData("docs/zh-CN/README.md", "未设置")]
    public void Readme_SettingsTable_SameKeysAndDefaultsAsTheServer(string readme, string notSet)
    {
        var rows = File.ReadAllLines(RepoRoot.File(readme))
            .Select(l => Row().Match(l))
            .Where(m => m.Success && m.Groups[1].Value != "Logging:LogLevel:Default")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var expected = SettingsTable.All.ToDictionary(s => s.Key, s => s.Default is null ? notSet : $"`{s.Default}`");
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), rows.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| `([A-Za-z]+:[A-Za-z:*]+)` \| ([^|]+?) \|")]
    private static partial Regex Row();
}
