using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Tandem.Testing;
using Tandem.Testing.Processes;
using static Tandem.Testing.HostCommand;

namespace Tandem.EndToEnd.Tests.Nat;

/// <summary>
/// The NAT topology of scripts/nattest.sh, made for one test class and deleted after it (also when a
/// test fails): glasses and app behind their own symmetric-like NATs, the "internet" holding coturn
/// (UDP/TCP 3478, TLS on 443 with a certificate from a CA made here, <c>use-auth-secret</c>) and two
/// signaling servers: <see cref="Server"/> issues TURN credentials (Turn:Urls/Secret), <see cref="PlainServer"/> none.
/// Names are unique per run: TANDEM_NETNS's first 10 characters, then 4 random hex digits. Needs root.
/// </summary>
public sealed class NatTopology : IAsyncLifetime
{
    /// <summary>The "internet" address of the signaling servers and coturn.</summary>
    public const string PublicAddress = "203.0.113.1";

    public const string Realm = "tandem.test";

    /// <summary>coturn's TLS port: 443, the port firewalls that block UDP still let out.</summary>
    public const int TlsPort = 443;

    private readonly List<ChildProcess> _processes = [];

    // coturn's TLS certificate names the public address only, as a real TURN server's would.
    private readonly TestPki _turnPki = TestPki.Create("TURN", [IPAddress.Parse(PublicAddress)], loopbackNames: false);
    private readonly TestPki _otherPki = TestPki.Create("other");
    private bool _up;

    public NatTopology()
    {
        var tag = Environment.GetEnvironmentVariable("TANDEM_NETNS") is { Length: > 0 } ns ? ns : "tdm";
        Prefix = $"{tag[..Math.Min(10, tag.Length)]}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
        Directory = Path.Combine(Path.GetTempPath(), "tandem-nat-" + Prefix);
    }

    /// <summary>The namespace prefix of this run.</summary>
    public string Prefix { get; }

    /// <summary>coturn's database and pid file, the Chromium wrapper.</summary>
    public string Directory { get; }

    /// <summary>coturn's static-auth-secret, shared with <see cref="Server"/>.</summary>
    public string Secret { get; } = RandomNumberGenerator.GetHexString(32);

    /// <summary>The PEM of the CA that issued coturn's TLS certificate (for <c>--ice-ca</c>).</summary>
    public string CaFile => _turnPki.CaPath;

    /// <summary>A PEM CA that issued nothing here (a certificate check must fail against it).</summary>
    public string OtherCaFile => _otherPki.CaPath;

    /// <summary>Issues TURN credentials: <c>ws://203.0.113.1:8000/</c>.</summary>
    public Uri Server { get; } = new($"ws://{PublicAddress}:8000/");

    /// <summary>Issues none: <c>ws://203.0.113.1:8001/</c>.</summary>
    public Uri PlainServer { get; } = new($"ws://{PublicAddress}:8001/");

    /// <summary>Namespace names of the two hosts behind the NATs.</summary>
    public string GlassesNamespace => Prefix + "-lg";

    public string AppNamespace => Prefix + "-la";

    public string InternetNamespace => Prefix + "-inet";

    public async Task InitializeAsync()
    {
        HostCommand.RequireRoot("The NAT tests", "Nat");

        System.IO.Directory.CreateDirectory(Directory);
        _up = true;
        try
        {
            await ScriptAsync("up");
            await StartCoturnAsync();
            await StartServerAsync(8000, [$"--Turn:Urls=turn:{PublicAddress}:3478?transport=udp,stun:{PublicAddress}:3478", $"--Turn:Secret={Secret}", "--Turn:TtlSeconds=600"]);
            await StartServerAsync(8001, []);
        }
        catch
        {
            // Half-started: stop what runs and delete the namespaces before the failure is reported.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        _turnPki.Dispose();
        _otherPki.Dispose();
        if (_up)
        {
            _up = false;
            await ScriptAsync("down");
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Starts <c>dotnet DLL ARGS</c> inside namespace <paramref name="ns"/>; the caller disposes it.</summary>
    internal static ChildProcess StartIn(string ns, string name, string dll, params string[] args) =>
        ChildProcess.StartProgram(name, "ip", ["netns", "exec", ns, "dotnet", dll, .. args]);

    /// <summary>TURN REST credentials (coturn <c>use-auth-secret</c>) for a user, valid until <paramref name="expiry"/>.</summary>
    public (string Username, string Password) Credentials(string user, DateTimeOffset expiry, string? secret = null)
    {
        var username = $"{expiry.ToUnixTimeSeconds()}:{user}";
        var mac = HMACSHA1.HashData(System.Text.Encoding.UTF8.GetBytes(secret ?? Secret), System.Text.Encoding.UTF8.GetBytes(username));
        return (username, Convert.ToBase64String(mac));
    }

    /// <summary>
    /// Makes the app's router drop every UDP packet from its LAN (a firewall that lets only TCP out)
    /// until the result is disposed.
    /// </summary>
    public async Task<IAsyncDisposable> BlockUdpFromAppAsync()
    {
        string[] rule = ["FORWARD", "-i", "lan", "-p", "udp", "-j", "DROP"];
        await RunAsync("ip", ["netns", "exec", Prefix + "-ra", "iptables", "-I", .. rule]);
        return new Unblock(() => RunAsync("ip", ["netns", "exec", Prefix + "-ra", "iptables", "-D", .. rule]));
    }

    /// <summary>Whether a STUN Binding over UDP from the app's LAN to coturn is answered (within 2 s).</summary>
    public async Task<bool> AppReachesCoturnOverUdpAsync()
    {
        using var probe = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", AppNamespace, "timeout", "2", "turnutils_stunclient", PublicAddress])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await probe.WaitForExitAsync();
        return probe.ExitCode == 0;
    }

    /// <summary>A script that runs Debian's Chromium inside the app's namespace (Playwright's ExecutablePath).</summary>
    public string ChromiumInAppNamespace()
    {
        var path = Path.Combine(Directory, "chromium-in-app-lan.sh");
        File.WriteAllText(path, $"#!/bin/sh\nexec ip netns exec {AppNamespace} /usr/bin/chromium \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private async Task StartCoturnAsync()
    {
        var coturn = ChildProcess.StartProgram("coturn", "ip", [
            "netns", "exec", InternetNamespace, "turnserver", "-n",
            $"--listening-ip={PublicAddress}", $"--relay-ip={PublicAddress}", "--listening-port=3478", $"--tls-listening-port={TlsPort}",
            "--use-auth-secret", $"--static-auth-secret={Secret}", $"--realm={Realm}",
            $"--cert={_turnPki.ChainPath}", $"--pkey={_turnPki.KeyPath}",
            "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log", "--no-software-attribute",
            $"--pidfile={Path.Combine(Directory, "turn.pid")}", $"--userdb={Path.Combine(Directory, "turndb")}",
        ]);
        _processes.Add(coturn);

        // Ready when a real STUN Binding from the glasses' LAN, through its NAT, is answered.
        // turnutils_stunclient waits for ever when its first request is lost (coturn not listening yet): bounded by timeout(1).
        await ProbeAsync("coturn", coturn, ["netns", "exec", GlassesNamespace, "timeout", "2", "turnutils_stunclient", PublicAddress]);
    }

    private async Task StartServerAsync(int port, string[] turn)
    {
        var server = StartIn(InternetNamespace, $"server:{port}", Binaries.Server,
            [$"--Signaling:Port={port}", $"--Signaling:ListenAddress={PublicAddress}", .. turn]);
        _processes.Add(server);
        await ProbeAsync($"server:{port}", server, ["netns", "exec", AppNamespace, "timeout", "5", "/usr/bin/python3", "-c",
            "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)", $"http://{PublicAddress}:{port}/readyz"]);
    }

    private static async Task ProbeAsync(string what, ChildProcess process, string[] probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var check = Process.Start(new ProcessStartInfo("ip", probe) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await check.WaitForExitAsync();
            if (check.ExitCode == 0)
            {
                return;
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{what} did not come up in the NAT topology.\n{process.Transcript()}");
            }

            await Task.Delay(200);
        }
    }

    private Task ScriptAsync(string command) =>
        RunAsync("bash", [Path.Combine(Binaries.RepositoryRoot, "scripts", "nattest.sh"), command, Prefix]);

    private sealed class Unblock(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }
}
