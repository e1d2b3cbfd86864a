using System.Globalization;
using System.Net;

namespace Tandem.Server.Configuration;

/// <summary>
/// What values a setting takes: how its text is parsed, and how <c>--help</c> and the start-up errors
/// describe it. One instance per shape, shared by the rows of <see cref="SettingsTable"/>.
/// </summary>
public abstract class SettingKind
{
    /// <summary>Stands for the value in <c>--help</c> (<c>--Signaling:Port=N</c>).</summary>
    public abstract string Placeholder { get; }

    /// <summary>What is accepted, completing "must be …" (e.g. "a whole number from 1 to 65535"); empty when anything is.</summary>
    public abstract string Allowed { get; }

    /// <summary>True when an empty value means "not set" rather than an error (text, paths, addresses of optional services).</summary>
    public virtual bool EmptyMeansUnset => false;

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>]; parses to <see cref="int"/>.</summary>
    public static SettingKind Integer(int min, int max) => new IntegerKind(min, max);

    /// <summary>A number of seconds within [<paramref name="min"/>, <paramref name="max"/>]; parses to <see cref="TimeSpan"/>.</summary>
    public static SettingKind Seconds(double min, double max = 86400) => new SecondsKind(min, max);

    /// <summary>One of <paramref name="values"/> (any case); parses to the value as listed.</summary>
    public static SettingKind Choice(params string[] values) => new ChoiceKind(values);

    /// <summary>An IP address; parses to <see cref="IPAddress"/>.</summary>
    public static SettingKind Address { get; } = new AddressKind();

    /// <summary><c>true</c> or <c>false</c>; parses to <see cref="bool"/>.</summary>
    public static SettingKind Boolean { get; } = new BooleanKind();

    /// <summary>Any text; empty means not set; parses to <see cref="string"/>.</summary>
    public static SettingKind Text { get; } = new TextKind("TEXT");

    /// <summary>A file path; empty means not set; parses to <see cref="string"/>.</summary>
    public static SettingKind FilePath { get; } = new TextKind("PATH");

    /// <summary>An absolute http:// or https:// URL; empty means not set; parses to <see cref="Uri"/>.</summary>
    public static SettingKind HttpUrl { get; } = new HttpUrlKind();

    /// <summary>A Microsoft.Extensions.Logging level name; parses to <see cref="LogLevel"/>.</summary>
    public static SettingKind Level { get; } = new LevelKind();

    /// <summary>Parses <paramref name="text"/>; false when it is not an accepted value.</summary>
    public abstract bool TryParse(string text, out object value);

    private sealed class IntegerKind(int min, int max) : SettingKind
    {
        public override string Placeholder => "N";

        public override string Allowed => $"a whole number from {min} to {max}";

        public override bool TryParse(string text, out object value)
        {
            var ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max;
            value = n;
            return ok;
        }
    }

    private sealed class SecondsKind(double min, double max) : SettingKind
    {
        public override string Placeholder => "SECONDS";

        public override string Allowed => $"a number of seconds from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";

        public override bool TryParse(string text, out object value)
        {
            var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= min && s <= max;
            value = ok ? TimeSpan.FromSeconds(s) : TimeSpan.Zero;
            return ok;
        }
    }

    private sealed class ChoiceKind(string[] values) : SettingKind
    {
        public override string Placeholder => string.Join('|', values);

        public override string Allowed => string.Join(" or ", values.Select(v => $"'{v}'"));

        public override bool TryParse(string text, out object value)
        {
            var match = values.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
            value = match ?? "";
            return match is not null;
        }
    }

    private sealed class AddressKind : SettingKind
    {
        public override string Placeholder => "ADDRESS";

        public override string Allowed => "an IP address such as 0.0.0.0, 127.0.0.1 or ::";

        public override bool TryParse(string text, out object value)
        {
            var ok = IPAddress.TryParse(text, out var address);
            value = address ?? IPAddress.None;
            return ok;
        }
    }

    private sealed class BooleanKind : SettingKind
    {
        public override string Placeholder => "true|false";

        public override string Allowed => "true or false";

        public override bool TryParse(string text, out object value)
        {
            var ok = bool.TryParse(text, out var b);
            value = b;
            return ok;
        }
    }

    private sealed class TextKind(string placeholder) : SettingKind
    {
        public override string Placeholder => placeholder;

        public override string Allowed => "";

        public override bool EmptyMeansUnset => true;

        public override bool TryParse(string text, out object value)
        {
            value = text;
            return true;
        }
    }

    private sealed class HttpUrlKind : SettingKind
    {
        public override string Placeholder => "URL";

        public override string Allowed => "an absolute http:// or https:// URL such as http://127.0.0.1:4318";

        public override bool EmptyMeansUnset => true;

        public override bool TryParse(string text, out object value)
        {
            var ok = Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
            value = uri!;
            return ok;
        }
    }

    private sealed class LevelKind : SettingKind
    {
        public override string Placeholder => "LEVEL";

        public override string Allowed => "Trace, Debug, Information, Warning, Error, Critical or None";

        public override bool TryParse(string text, out object value)
        {
            var ok = Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(text, out _);
            value = level;
            return ok;
        }
    }
}
