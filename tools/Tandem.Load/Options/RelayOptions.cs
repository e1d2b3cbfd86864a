using System.Globalization;
using System.Net;

namespace Tandem.Load.Options;

/// <summary>Arguments of <c>tandem-load relay-baseline</c>.</summary>
/// <param name="Address">Listen address.</param>
/// <param name="Port">Listen port.</param>
public sealed record RelayOptions(IPAddress Address, int Port)
{
    /// <summary>The usage text.</summary>
    public const string Usage = "usage: tandem-load relay-baseline [--port P (default 8001)] [--listen ADDRESS (default 127.0.0.1)]";

    /// <summary>Parses the words after <c>relay-baseline</c>.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out RelayOptions? options, out string error)
    {
        options = null;
        var address = IPAddress.Loopback;
        var port = 8001;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when value is not null:
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535)
                    {
                        error = $"--port: '{value}' is not a port number (0-65535)";
                        return false;
                    }

                    i++;
                    break;
                case "--listen" when value is not null:
                    if (!IPAddress.TryParse(value, out var parsed))
                    {
                        error = $"--listen: '{value}' is not an IP address";
                        return false;
                    }

                    address = parsed;
                    i++;
                    break;
                case "--port" or "--listen":
                    error = $"{args[i]} needs a value";
                    return false;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }

        error = "";
        options = new RelayOptions(address, port);
        return true;
    }
}
