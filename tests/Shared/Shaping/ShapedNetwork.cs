using System.Globalization;
using System.Security.Cryptography;
using static Tandem.Testing.HostCommand;

namespace Tandem.Testing.Shaping;

/// <summary>
/// A shaped path between the glasses and the app: the glasses in a namespace of their own, joined to the
/// caller's namespace (a test namespace: the signaling server and the app, e.g. Chromium's /app page, live
/// there) through a router namespace, so the shaping applies to what crosses the router and to nothing else:
/// <code>
///   glasses ns                 router ns                                       caller's ns
///   eth0 10.92.1.2 ── veth ── rg 10.92.1.1 │ ra 10.92.2.2 ── veth ──  sa* 10.92.2.1   (server, app)
///                                          │  └ tbf: the rate cap toward the app
///                                    imp0 (TUN, this process): delay both ways, UDP loss and outages
/// </code>
/// Signaling shares the path (the glasses reach the server at <see cref="ServerAddress"/> through the router):
/// it is delayed and rate-capped like media, as on a real uplink, but never dropped by the loss or outage of
/// <see cref="TunImpairment"/>, which touch UDP only. The cap is on the router's egress toward the app (the
/// glasses' media direction); the app's feedback back to the glasses is delayed, lossy, but not capped.
/// When impaired, the router's policy routes send everything arriving on either veth through imp0; what imp0 gives back is
/// routed normally. Needs root; names carry TANDEM_NETNS's first 10 characters and 4 random hex digits,
/// and disposing deletes both namespaces (and with them every veth and the TUN device).
/// </summary>
internal sealed class ShapedNetwork : IAsyncDisposable
{
    /// <summary>The caller's address on the router link: where the server must listen for the glasses.</summary>
    public const string ServerAddress = "10.92.2.1";

    /// <summary>The glasses' address.</summary>
    public const string GlassesAddress = "10.92.1.2";

    private readonly string _hex;
    private readonly List<string> _namespaces = [];
    private TunImpairment? _impairment;

    private ShapedNetwork()
    {
        var tag = Environment.GetEnvironmentVariable("TANDEM_NETNS") is { Length: > 0 } ns ? ns : "tdm";
        _hex = RandomNumberGenerator.GetHexString(4, lowercase: true);
        var prefix = $"{tag[..Math.Min(10, tag.Length)]}-{_hex}";
        GlassesNamespace = prefix + "-sg";
        RouterNamespace = prefix + "-sr";
    }

    /// <summary>The glasses' namespace (run them with <c>ip netns exec</c>).</summary>
    public string GlassesNamespace { get; }

    /// <summary>The router's namespace.</summary>
    public string RouterNamespace { get; }

    /// <summary>The current rate cap toward the app in kbit/s, null when uncapped.</summary>
    public int? RateKbps { get; private set; }

    /// <summary>The impairment relay: delay, loss, outages (only when created with <c>impaired: true</c>).</summary>
    public TunImpairment Impairment => _impairment
        ?? throw new InvalidOperationException("this network was made without the impairment relay: ShapedNetwork.CreateAsync(impaired: true)");

    /// <summary>
    /// Builds the three links and the router, uncapped and unimpaired; with <paramref name="impaired"/>, also the
    /// TUN relay for delay, loss and outages (it needs <c>/dev/net/tun</c>; a rate cap alone does not).
    /// </summary>
    public static async Task<ShapedNetwork> CreateAsync(bool impaired = false)
    {
        HostCommand.RequireRoot("The shaping tests", "Shaping");

        var network = new ShapedNetwork();
        try
        {
            await network.BuildAsync(impaired);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        return network;
    }

    /// <summary>
    /// Caps the router's egress toward the app at <paramref name="kbps"/> with a token bucket whose queue holds
    /// <paramref name="queueMs"/> of traffic at that rate (beyond it the bucket drops, as a full router queue does);
    /// null removes the cap.
    /// </summary>
    public async Task SetRateAsync(int? kbps, int queueMs = 400)
    {
        if (kbps is null)
        {
            await RunAsync("ip", "netns", "exec", RouterNamespace, "tc", "qdisc", "del", "dev", "ra", "root");
        }
        else
        {
            // The bucket holds at least a few full-size packets, or tbf refuses (and at low rates drops every burst).
            var burst = Math.Max(kbps.Value * 1000 / 8 / 50, 3000);
            var limit = Math.Max(kbps.Value * 1000 / 8 * queueMs / 1000, 3 * 1514);
            await RunAsync("ip", "netns", "exec", RouterNamespace, "tc", "qdisc", "replace", "dev", "ra", "root", "tbf",
                "rate", Invariant($"{kbps}kbit"), "burst", Invariant($"{burst}"), "limit", Invariant($"{limit}"));
        }

        RateKbps = kbps;
    }

    public async ValueTask DisposeAsync()
    {
        _impairment?.Dispose();
        _impairment = null;
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            // Deleting a namespace deletes its veth ends, their peers in the caller's namespace, and their routes.
            await RunAsync("ip", "netns", "del", ns);
        }

        _namespaces.Clear();
    }

    private async Task BuildAsync(bool impaired)
    {
        foreach (var ns in new[] { GlassesNamespace, RouterNamespace })
        {
            await RunAsync("ip", "netns", "add", ns);
            _namespaces.Add(ns);
            await InAsync(ns, "ip", "link", "set", "lo", "up");
        }

        var g = GlassesNamespace;
        var r = RouterNamespace;
        var app = $"sa{_hex}";
        await RunAsync("ip", "link", "add", "eth0", "netns", g, "type", "veth", "peer", "name", "rg", "netns", r);
        await RunAsync("ip", "link", "add", app, "type", "veth", "peer", "name", "ra", "netns", r);
        await InAsync(g, "ip", "addr", "add", GlassesAddress + "/24", "dev", "eth0");
        await InAsync(g, "ip", "link", "set", "eth0", "up");
        await InAsync(g, "ip", "route", "add", "default", "via", "10.92.1.1");
        await InAsync(r, "ip", "addr", "add", "10.92.1.1/24", "dev", "rg");
        await InAsync(r, "ip", "addr", "add", "10.92.2.2/24", "dev", "ra");
        await InAsync(r, "ip", "link", "set", "rg", "up");
        await InAsync(r, "ip", "link", "set", "ra", "up");
        await RunAsync("ip", "addr", "add", ServerAddress + "/24", "dev", app);
        await RunAsync("ip", "link", "set", app, "up");
        await RunAsync("ip", "route", "add", "10.92.1.0/24", "via", "10.92.2.2", "dev", app);
        await InAsync(r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        if (!impaired)
        {
            return;
        }

        // The TUN device is made here and moved: a TUN's file descriptor stays attached across namespaces.
        _impairment = TunImpairment.Create($"ti{_hex}");
        await RunAsync("ip", "link", "set", _impairment.Name, "netns", r, "name", "imp0");
        await InAsync(r, "ip", "link", "set", "imp0", "up");
        await InAsync(r, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0", "net.ipv4.conf.imp0.rp_filter=0");
        await InAsync(r, "ip", "route", "add", "default", "dev", "imp0", "table", "92");
        await InAsync(r, "ip", "rule", "add", "iif", "rg", "lookup", "92", "priority", "100");
        await InAsync(r, "ip", "rule", "add", "iif", "ra", "lookup", "92", "priority", "101");
    }

    private static Task InAsync(string ns, params string[] args) => RunAsync("ip", ["netns", "exec", ns, .. args]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
