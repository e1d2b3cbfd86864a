namespace Tandem.Server.Configuration;

/// <summary>
/// Reads the server's command line the way .NET's command-line configuration does (<c>--Key=VALUE</c>,
/// <c>--Key VALUE</c>, <c>/Key=VALUE</c>, <c>Key=VALUE</c>), keeping each argument as typed, so that
/// start-up can name what .NET would silently ignore: a bare word, a single-dash switch, a switch
/// without a value, a key without a section (<c>--port 9000</c>).
/// </summary>
public static class CommandLine
{
    /// <summary>Whether the arguments ask for the help text (<c>--help</c>, <c>-h</c>, <c>-?</c>).</summary>
    public static bool AsksForHelp(IEnumerable<string> args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "/?" or "/help");

    /// <summary>Each argument (or switch and value) with the key .NET reads from it; <see cref="Argument.Key"/> null where .NET ignores it.</summary>
    public static IReadOnlyList<Argument> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new List<Argument>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2
                : arg.StartsWith('-') ? 1
                : arg.StartsWith('/') ? 1
                : 0;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                parsed.Add(new Argument(arg, arg[prefix..equals], arg[(equals + 1)..]));
            }
            else if (prefix == 0 || (prefix == 1 && arg[0] == '-') || i + 1 == args.Count)
            {
                // A bare word, "-x" (switch mappings only, we have none) or a last switch without value: ignored by .NET.
                parsed.Add(new Argument(arg, null, null));
            }
            else
            {
                parsed.Add(new Argument(arg + " " + args[i + 1], arg[prefix..], args[i + 1]));
                i++;
            }
        }

        return parsed;
    }

    /// <summary>
    /// The problems with the command line: arguments .NET would ignore, and keys that are neither a
    /// setting, nor in a section we do not own, nor a host key. One line each, with a suggestion.
    /// </summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string> args)
    {
        var errors = new List<string>();
        foreach (var arg in Parse(args))
        {
            if (arg.Key is null)
            {
                errors.Add($"  {arg.Text}: not a setting; write settings as --Section:Key=VALUE");
                continue;
            }

            var known = SettingsTable.Find(arg.Key) is not null;
            var sectionless = !arg.Key.Contains(':', StringComparison.Ordinal)
                && !SettingsTable.HostKeys.Contains(arg.Key, StringComparer.OrdinalIgnoreCase);
            if (!known && (sectionless || SettingsTable.IsOwned(arg.Key)))
            {
                errors.Add($"  {arg.Text}: unknown setting; {Hint(arg.Key, s => $"--{s.Key}={arg.Value}")}");
            }
        }

        return errors;
    }

    /// <summary>"did you mean X?" with the closest key written by <paramref name="write"/>, or where to find the keys.</summary>
    internal static string Hint(string key, Func<Setting, string> write) =>
        KeySuggestion.Closest(key) is { } closest ? $"did you mean {write(closest)}?" : "--help lists every setting";

    /// <summary>One argument as typed, and the configuration key and value .NET reads from it.</summary>
    /// <param name="Text">The argument, or switch and value, as typed.</param>
    /// <param name="Key">The key; null when .NET ignores the argument.</param>
    /// <param name="Value">The value.</param>
    public sealed record Argument(string Text, string? Key, string? Value);
}
