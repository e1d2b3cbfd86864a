namespace Tandem.DataChannelThroughput;

/// <summary>
/// The namespace's UDP counters (/proc/net/snmp, per network namespace): datagrams dropped because
/// a socket's receive buffer was full show up as RcvbufErrors, a cause of SCTP retransmissions.
/// </summary>
internal readonly record struct UdpCounters(long InDatagrams, long RcvbufErrors, long SndbufErrors)
{
    public static UdpCounters Read()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
            if (lines.Length < 2)
            {
                return default;
            }

            var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Get(string name) => Array.IndexOf(names, name) is var i and > 0 && i < values.Length && long.TryParse(values[i], out var v) ? v : 0;
            return new UdpCounters(Get("InDatagrams"), Get("RcvbufErrors"), Get("SndbufErrors"));
        }
        catch (IOException)
        {
            return default;
        }
    }

    public static UdpCounters operator -(UdpCounters a, UdpCounters b) =>
        new(a.InDatagrams - b.InDatagrams, a.RcvbufErrors - b.RcvbufErrors, a.SndbufErrors - b.SndbufErrors);
}
