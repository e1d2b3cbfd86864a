using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;

namespace Tandem.Server.Tests.Configuration;

public class SettingsTableTests
{
    [Fact]
    public void All_EveryDefault_ParsesWithItsKind()
    {
        Assert.All(SettingsTable.All.Where(s => s.Default is not null), s => Assert.True(s.Kind.TryParse(s.Default!, out _), s.Key));
    }

    [Fact]
    public void All_KeysUniqueSectionedAndDescribed()
    {
        Assert.Equal(SettingsTable.All.Count, SettingsTable.All.Select(s => s.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(SettingsTable.All, s =>
        {
            Assert.Contains(':', s.Key);
            Assert.False(string.IsNullOrWhiteSpace(s.Description), s.Key);
            Assert.False(s.Description.EndsWith('.'), s.Key);
        });
    }

    [Fact]
    public void OwnedSections_OursButNotDotNetsConsole()
    {
        Assert.Superset(new HashSet<string>(["Signaling", "Admin", "Logging:File", "OpenTelemetry"]), new HashSet<string>(SettingsTable.OwnedSections));
        Assert.DoesNotContain("Logging:Console", SettingsTable.OwnedSections);
        Assert.DoesNotContain("Logging", SettingsTable.OwnedSections);
    }

    [Fact]
    public void AppSettingsJson_EveryKeyAccepted()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        Assert.Equal(8000, ServerSettings.Load(configuration).Port);
    }

    [Theory]
    [InlineData("Signaling:Prot", "Signaling:Port")]
    [InlineData("port", "Signaling:Port")]
    [InlineData("SIGNALING:PORT", "Signaling:Port")]
    [InlineData("Signaling:MaxConection", "Signaling:MaxConnections")]
    [InlineData("Signaling:RoomTimeout", "Signaling:RoomTimeoutSeconds")]
    [InlineData("Signaling:Token", "Admin:Token")]
    [InlineData("Auth:Secrt", "Auth:Secret")]
    [InlineData("Turn:Secrt", "Turn:Secret")]
    [InlineData("Logging:File:MaxSize", "Logging:File:MaxSizeMiB")]
    public void Closest_Misspelling_FindsTheKey(string typed, string expected) =>
        Assert.Equal(expected, KeySuggestion.Closest(typed)?.Key);

    [Theory]
    [InlineData("Signaling:Colour")]
    [InlineData("widgets")]
    [InlineData("Admin:Passphrase")]
    public void Closest_NothingNear_Null(string typed) => Assert.Null(KeySuggestion.Closest(typed));

    [Theory]
    [InlineData("Port", "Port", 0)]
    [InlineData("Prot", "Port", 1)]
    [InlineData("port", "PORT", 0)]
    [InlineData("Port", "Ports", 1)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_Pairs_EditsIncludingSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestion.Distance(a, b));
        Assert.Equal(expected, KeySuggestion.Distance(b, a));
    }

    [Fact]
    public void Values_KeyNotInTheTable_ProgrammingErrorNamed()
    {
        var values = SettingValues.Read(new ConfigurationBuilder().Build());
        var e = Assert.Throws<ArgumentException>(() => values.Get<int>("Signaling:Nope"));
        Assert.StartsWith("Signaling:Nope is not in SettingsTable", e.Message, StringComparison.Ordinal);
        Assert.Null(values.GetOptional<string>("Admin:Token"));
        Assert.Equal(TimeSpan.FromSeconds(60), values.Get<TimeSpan>("OpenTelemetry:ExportIntervalSeconds"));
    }

    [Fact]
    public void Values_EmptyOptionalText_Unset()
    {
        var values = SettingValues.Read(new ConfigurationBuilder().AddInMemoryCollection([new("Admin:Token", ""), new("OpenTelemetry:Endpoint", "")]).Build());
        Assert.Null(values.GetOptional<string>("Admin:Token"));
        Assert.Null(values.GetOptional<Uri>("OpenTelemetry:Endpoint"));
    }
}
