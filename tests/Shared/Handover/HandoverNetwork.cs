using System.Security.Cryptography;
using Tandem.Testing.Processes;
using static Tandem.Testing.HostCommand;

namespace Tandem.Testing.Handover;

/// <summary>
/// A network namespace for the glasses with two uplinks into the caller's namespace (a test namespace:
/// the signaling server and the app live there), so that their address can change mid-call the way a
/// phone's does from Wi-Fi to cellular:
/// <code>
///   glasses ns                      caller's ns
///   wlan0 10.91.1.2/24  ─ veth ─   hw* 10.91.1.1   (Wi-Fi; default route at first)
///   wwan0 10.91.2.2/24  ─ veth ─   hc* 10.91.2.1   (cellular; no address until the switch)
///   sig0  10.91.9.2/24  ─ veth ─   hs* 10.91.9.1   (signaling only: the server listens here; UDP dropped)
/// </code>
/// The signaling link keeps the WebSocket up across the switch, so what is measured is the ICE handover
/// alone (a signaling drop is the resumed-role path, R30, with its own tests); its UDP is dropped so ICE
/// cannot use it. Needs root; names carry TANDEM_NETNS's first 10 characters and 4 random hex digits.
/// </summary>
internal sealed class HandoverNetwork : IAsyncDisposable
{
    /// <summary>Where the signaling server listens (the caller's end of the signaling link).</summary>
    public const string ServerAddress = "10.91.9.1";

    private static readonly (string Device, string Address, string Gateway)[] Links =
        [("wlan0", "10.91.1.2", "10.91.1.1"), ("wwan0", "10.91.2.2", "10.91.2.1")];

    private readonly string _hex;
    private int _active;
    private bool _up;

    private HandoverNetwork()
    {
        var tag = Environment.GetEnvironmentVariable("TANDEM_NETNS") is { Length: > 0 } ns ? ns : "tdm";
        _hex = RandomNumberGenerator.GetHexString(4, lowercase: true);
        Namespace = $"{tag[..Math.Min(10, tag.Length)]}-{_hex}-hg";
    }

    /// <summary>The glasses' namespace (run them with <c>ip netns exec</c>).</summary>
    public string Namespace { get; }

    /// <summary>The glasses' current address.</summary>
    public string GlassesAddress => Links[_active].Address;

    /// <summary>Builds the namespace with the glasses on Wi-Fi.</summary>
    public static async Task<HandoverNetwork> CreateAsync()
    {
        HostCommand.RequireRoot("The handover tests", "Handover");

        var network = new HandoverNetwork();
        try
        {
            await network.BuildAsync();
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        return network;
    }

    /// <summary>Starts <c>tandem device</c> (test pattern 320x240 at 25 fps, no audio) in the glasses' namespace.</summary>
    public ChildProcess StartGlasses(string server, string uid) =>
        ChildProcess.StartProgram("glasses", "ip", [
            "netns", "exec", Namespace, "dotnet", Binaries.Tandem, "device", "--server", server,
            "--id", "glasses_" + uid, "--size", "320x240", "--fps", "25", "--bitrate", "300", "--no-audio"]);

    /// <summary>
    /// Moves the glasses to the other uplink: its address comes up and takes the default route, then the
    /// old address goes (as a phone leaving Wi-Fi). Returns the instant the old address was removed.
    /// </summary>
    public async Task<DateTime> SwitchAsync()
    {
        var from = Links[_active];
        var to = Links[1 - _active];
        await InAsync("ip", "addr", "add", to.Address + "/24", "dev", to.Device);
        await InAsync("ip", "route", "replace", "default", "via", to.Gateway, "dev", to.Device);
        await InAsync("ip", "addr", "del", from.Address + "/24", "dev", from.Device);
        var at = DateTime.UtcNow;
        _active = 1 - _active;
        return at;
    }

    public async ValueTask DisposeAsync()
    {
        if (_up)
        {
            _up = false;

            // Deleting the namespace deletes its veth ends, and with them their peers here.
            await RunAsync("ip", "netns", "del", Namespace);
        }
    }

    private async Task BuildAsync()
    {
        await RunAsync("ip", "netns", "add", Namespace);
        _up = true;
        await InAsync("ip", "link", "set", "lo", "up");
        string[] outer = [$"hw{_hex}", $"hc{_hex}", $"hs{_hex}"];
        string[] inner = ["wlan0", "wwan0", "sig0"];
        string[] subnets = ["10.91.1", "10.91.2", "10.91.9"];
        for (var i = 0; i < outer.Length; i++)
        {
            await RunAsync("ip", "link", "add", outer[i], "type", "veth", "peer", "name", inner[i], "netns", Namespace);
            await RunAsync("ip", "addr", "add", subnets[i] + ".1/24", "dev", outer[i]);
            await RunAsync("ip", "link", "set", outer[i], "up");
            await InAsync("ip", "link", "set", inner[i], "up");
        }

        await InAsync("ip", "addr", "add", "10.91.9.2/24", "dev", "sig0");
        await InAsync("ip", "addr", "add", Links[0].Address + "/24", "dev", Links[0].Device);
        await InAsync("ip", "route", "add", "default", "via", Links[0].Gateway, "dev", Links[0].Device);

        // The signaling link carries TCP only: ICE must find its path over Wi-Fi or cellular.
        await InAsync("iptables", "-A", "OUTPUT", "-p", "udp", "-o", "sig0", "-j", "DROP");
        await InAsync("iptables", "-A", "OUTPUT", "-p", "udp", "-s", "10.91.9.2", "-j", "DROP");
        await InAsync("iptables", "-A", "INPUT", "-p", "udp", "-i", "sig0", "-j", "DROP");
        await InAsync("iptables", "-A", "INPUT", "-p", "udp", "-d", "10.91.9.2", "-j", "DROP");
    }

    private Task InAsync(params string[] args) => RunAsync("ip", ["netns", "exec", Namespace, .. args]);
}
