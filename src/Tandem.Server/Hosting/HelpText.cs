using System.Text;
using Tandem.Server.Configuration;

namespace Tandem.Server.Hosting;

/// <summary>The server's <c>--help</c>: usage, every row of <see cref="SettingsTable"/>, the exit codes.</summary>
public static class HelpText
{
    private const int Width = 100;
    private const string Indent = "      ";

    /// <summary>The whole text, lines ending in <c>\n</c>.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("Tandem signaling server: pairs glasses_<uid> with app_<uid> and relays their messages.\n\n")
            .Append("Usage: Tandem.Server [--Section:Key=VALUE ...]\n")
            .Append("       Tandem.Server --help\n\n")
            .Append("Each setting may also come from appsettings.json beside the program, or from an environment variable\n")
            .Append("named like the key with __ for each colon (Signaling__Port=9000); the command line wins, then the\n")
            .Append("environment.\n");
        Wrap(text, $"Invalid values, and keys of {string.Join(", ", SettingsTable.OwnedSections)} that are not listed below, stop the server at start-up.", "");
        foreach (var group in SettingsTable.All.GroupBy(s => s.Group))
        {
            text.Append('\n').Append(group.Key).Append('\n');
            foreach (var setting in group)
            {
                var key = setting.IsFamily ? setting.Key[..^1] + "CATEGORY" : setting.Key;
                text.Append("  --").Append(key).Append('=').Append(setting.Kind.Placeholder)
                    .Append(setting.Default is { } d ? $"  (default {d})" : "  (not set)").Append('\n');
                Wrap(text, setting.Kind.Allowed.Length > 0 ? $"{setting.Description}. Takes {setting.Kind.Allowed}." : $"{setting.Description}.", Indent);
            }
        }

        text.Append('\n')
            .Append("Other .NET settings work as usual, e.g. --Logging:LogLevel:Default=Debug (also logs every forwarded\n")
            .Append("message, never its SDP) or --Logging:Console:FormatterName=json.\n\n")
            .Append("Exit codes:\n");
        foreach (var (code, meaning) in ExitCodes.All)
        {
            text.Append("  ").Append(code).Append("  ").Append(meaning).Append('\n');
        }

        return text.ToString();
    }

    private static void Wrap(StringBuilder text, string paragraph, string indent)
    {
        var line = new StringBuilder(indent);
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(indent);
            }

            if (line.Length > indent.Length)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        text.Append(line).Append('\n');
    }
}
