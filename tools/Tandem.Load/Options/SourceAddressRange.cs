using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tandem.Load.Options;

/// <summary>Parses <c>--source-ips</c>: one IPv4 address, a range <c>A-B</c>, or a comma list of either.</summary>
public static class SourceAddressRange
{
    /// <summary>Largest range accepted, to catch typos such as <c>127.0.0.1-127.1.0.1</c>.</summary>
    public const int MaxAddresses = 256;

    /// <summary>Parses <paramref name="text"/>; on failure returns false and a message saying why.</summary>
    public static bool TryParse(string text, out IReadOnlyList<IPAddress> addresses, out string error)
    {
        var list = new List<IPAddress>();
        addresses = list;
        error = "";
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var firstText = dash < 0 ? part : part[..dash];
            var lastText = dash < 0 ? part : part[(dash + 1)..];
            if (!TryParseV4(firstText, out var first) || !TryParseV4(lastText, out var last))
            {
                error = $"--source-ips: '{part}' is not an IPv4 address or range like 127.0.0.1-127.0.0.8";
                return false;
            }

            if (last < first)
            {
                error = $"--source-ips: range '{part}' ends before it starts";
                return false;
            }

            if (last - first + 1 + (uint)list.Count > MaxAddresses)
            {
                error = $"--source-ips: more than {MaxAddresses} addresses";
                return false;
            }

            for (var value = first; value <= last && value >= first; value++)
            {
                list.Add(ToAddress(value));
                if (value == uint.MaxValue)
                {
                    break;
                }
            }
        }

        return true;
    }

    private static bool TryParseV4(string text, out uint value)
    {
        value = 0;
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    private static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
