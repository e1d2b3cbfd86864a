using System.Globalization;
using System.Net;

namespace Tandem.Cli.Options;

/// <summary>
/// Reads the words of <c>tandem device</c> / <c>tandem app</c>: flags without a value and options
/// with one, each mistake reported with a message naming the option.
/// </summary>
internal sealed class SessionOptionReader(IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
{
    /// <summary>Applies each option in order; false with an error at the first mistake.</summary>
    public bool TryRead(Func<string, string?, string?> apply, out string error)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected argument '{name}' (options start with --)";
                return false;
            }

            string? value = null;
            if (valued.Contains(name))
            {
                // "-" is a value (stdin), not an option.
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                {
                    error = $"{name} needs a value";
                    return false;
                }

                value = args[++i];
            }
            else if (!flags.Contains(name))
            {
                error = $"unknown option '{name}'";
                return false;
            }

            if (apply(name, value) is { } problem)
            {
                error = problem;
                return false;
            }
        }

        error = "";
        return true;
    }

    public static string? Server(string value, out Uri? server)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out server) && server.Scheme is "ws" or "wss")
        {
            return null;
        }

        return $"--server: '{value}' is not a ws:// or wss:// URI (e.g. ws://127.0.0.1:8000/)";
    }

    /// <summary>
    /// A full id with this command's prefix (<c>app_123456</c>), or a bare uid (<c>123456</c>) that gets it
    /// (PROTOCOL.md R5). A bare uid has no '_': <c>foo_123</c> looks like an id with an unknown prefix, and
    /// taking it as <c>app_foo_123</c> would only wait for a peer that never comes.
    /// </summary>
    public static string? Id(string value, string prefix, out string id)
    {
        var other = prefix == "glasses_" ? "app_" : "glasses_";
        var full = value.StartsWith(prefix, StringComparison.Ordinal);
        id = full ? value : prefix + value;
        if (value.StartsWith(other, StringComparison.Ordinal))
        {
            return $"--id: '{value}' is the other side's id: this command joins as {prefix}{value[other.Length..]} (give --id {prefix}<uid> or the bare <uid>)";
        }

        var uid = full ? value[prefix.Length..] : value;
        if (!full && uid.IndexOf('_') is > 0 and var underscore)
        {
            return $"--id: '{value}' has an unknown prefix '{value[..(underscore + 1)]}': give {prefix}<uid> or the bare <uid> (e.g. --id {prefix}123456 or --id 123456)";
        }

        return uid.Length is >= 1 and <= 64 && uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-')
            ? null
            : $"--id: '{value}' is not {prefix}<uid> with a uid of 1-64 characters of [A-Za-z0-9_.:-]";
    }

    public static string? Number(string name, string value, double min, double max, out double result)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result) && result >= min && result <= max)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{name}: '{value}' is not a number from {min} to {max}");
    }

    /// <summary>One binary message written as hex digits (<c>0001fe</c>), added to <paramref name="messages"/>.</summary>
    public static string? Hex(string value, List<byte[]> messages)
    {
        if (value.Length == 0 || value.Length % 2 != 0 || !value.All(char.IsAsciiHexDigit))
        {
            return $"--send-binary: '{value}' is not an even number of hex digits (e.g. 0001fe)";
        }

        messages.Add(Convert.FromHexString(value));
        return null;
    }

    public static string? Addresses(string value, out IReadOnlyList<IPAddress> addresses)
    {
        var list = new List<IPAddress>();
        addresses = list;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPAddress.TryParse(part, out var address))
            {
                return $"--ice-address: '{part}' is not an IP address";
            }

            list.Add(address);
        }

        return list.Count == 0 ? "--ice-address needs at least one address" : null;
    }
}
