using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Tandem.Server.Configuration;

/// <summary>
/// The configured values of <see cref="SettingsTable"/>'s settings, each checked against its row, with
/// the defaults of the rest. Read once at start-up; a component takes its values by key.
/// </summary>
public sealed class SettingValues
{
    private readonly Dictionary<string, object> _values;

    private SettingValues(Dictionary<string, object> values) => _values = values;

    /// <summary>
    /// Checks every configured value of a setting in the table, and refuses keys of our sections that have
    /// no row (naming where each came from and the closest known key). Command-line arguments are
    /// checked by <see cref="CommandLine.Check"/>, with the text as typed. Throws
    /// <see cref="InvalidSettingsException"/> listing every problem.
    /// </summary>
    public static SettingValues Read(IConfiguration configuration, IReadOnlyList<string>? commandLineErrors = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>(commandLineErrors ?? []);
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in SettingsTable.All.Where(s => !s.IsFamily))
        {
            Check(setting, setting.Key, configuration[setting.Key], values, errors);
        }

        foreach (var (key, text) in configuration.AsEnumerable())
        {
            if (SettingsTable.Find(key) is { IsFamily: true } family)
            {
                Check(family, key, text, values, errors);
            }
        }

        errors.AddRange(UnknownKeys(configuration));
        if (errors.Count > 0)
        {
            throw new InvalidSettingsException(errors);
        }

        return new SettingValues(values);
    }

    /// <summary>The value of <paramref name="key"/> (a key of the table), or its default.</summary>
    /// <typeparam name="T">What the setting's kind parses to (<see cref="int"/>, <see cref="TimeSpan"/>, ...).</typeparam>
    public T Get<T>(string key) => Find(key) is { } value
        ? (T)value
        : throw new InvalidOperationException($"{key} has no value and no default: read it with {nameof(GetOptional)}");

    /// <summary>The value of <paramref name="key"/>, its default, or null when neither is set.</summary>
    /// <typeparam name="T">What the setting's kind parses to (<see cref="string"/>, <see cref="Uri"/>).</typeparam>
    public T? GetOptional<T>(string key)
        where T : class => (T?)Find(key);

    private object? Find(string key)
    {
        var setting = SettingsTable.Find(key) ?? throw new ArgumentException($"{key} is not in {nameof(SettingsTable)}", nameof(key));
        if (_values.TryGetValue(key, out var value))
        {
            return value;
        }

        return setting.Default is { } text && setting.Kind.TryParse(text, out var parsed) ? parsed : null;
    }

    private static void Check(Setting setting, string key, string? text, Dictionary<string, object> values, List<string> errors)
    {
        if (text is null || (text.Length == 0 && setting.Kind.EmptyMeansUnset))
        {
            return;
        }

        if (setting.Kind.TryParse(text, out var value))
        {
            values[key] = value;
        }
        else
        {
            errors.Add($"  {key} = '{text}': must be {setting.Kind.Allowed}");
        }
    }

    // Per source, so the message says where the key was written and suggests it in that source's form.
    private static IEnumerable<string> UnknownKeys(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return configuration.AsEnumerable().Where(kv => kv.Value is not null && IsUnknown(kv.Key))
                .Select(kv => $"  {kv.Key}: unknown setting; {CommandLine.Hint(kv.Key, s => s.Key)}");
        }

        var errors = new List<string>();
        foreach (var provider in root.Providers.Where(p => p is not CommandLineConfigurationProvider))
        {
            foreach (var key in Keys(provider, null).Where(IsUnknown))
            {
                errors.Add(provider is EnvironmentVariablesConfigurationProvider
                    ? $"  {EnvironmentName(key)} (environment variable): unknown setting; {CommandLine.Hint(key, s => EnvironmentName(s.Key))}"
                    : $"  {key} ({Describe(provider)}): unknown setting; {CommandLine.Hint(key, s => s.Key)}");
            }
        }

        return errors;
    }

    private static bool IsUnknown(string key) => SettingsTable.IsOwned(key) && SettingsTable.Find(key) is null;

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string Describe(IConfigurationProvider provider) =>
        provider is FileConfigurationProvider file ? file.Source.Path ?? "a file" : provider.ToString() ?? "configuration";

    // Every key holding a value in one provider (configuration providers list children one level at a time).
    private static IEnumerable<string> Keys(IConfigurationProvider provider, string? parent)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : parent + ":" + child;
            if (provider.TryGet(key, out var value) && value is not null)
            {
                yield return key;
            }

            foreach (var nested in Keys(provider, key))
            {
                yield return nested;
            }
        }
    }
}

/// <summary>Settings that cannot be used: each line names a key, what was wrong and what to write instead.</summary>
public sealed class InvalidSettingsException : Exception
{
    /// <summary>Creates the exception from its lines.</summary>
    public InvalidSettingsException(IReadOnlyList<string> problems)
        : base("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems)) => Problems = problems;

    /// <summary>One line per problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
