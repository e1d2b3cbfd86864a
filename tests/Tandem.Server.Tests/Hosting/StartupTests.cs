using System.Net;
using System.Net.Sockets;
using System.Text;
using Tandem.Server.Hosting;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Hosting;

/// <summary>The server process at start-up: help, refused settings, a busy port, and running under systemd.</summary>
public class StartupTests
{
    private const string FixLine = "Fix the settings above (appsettings.json, environment variables such as Signaling__Port, or --Signaling:Port=...) and start again; --help lists them.\n";

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Process_Help_PrintsTheSettingsTableAndExits0(string flag)
    {
        var (exit, stdout, stderr) = await ServerProcess.RunAsync([flag, "--Signaling:Prot=9000"]);
        Assert.Equal(0, exit);
        Assert.Equal(HelpText.Render(), stdout);
        Assert.StartsWith("Tandem signaling server: pairs glasses_<uid> with app_<uid> and relays their messages.\n", stdout, StringComparison.Ordinal);
        Assert.Contains("  --Signaling:Port=N  (default 8000)\n", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Process_MisspelledKeyAndBarePort_RefusedWithTheClosestKeyExit2()
    {
        var (exit, stdout, stderr) = await ServerProcess.RunAsync(["--Signaling:Prot=9000", "--port", "9000", "9001"]);
        Assert.Equal(2, exit);
        Assert.Equal(
            "tandem server: invalid configuration:\n" +
            "  --Signaling:Prot=9000: unknown setting; did you mean --Signaling:Port=9000?\n" +
            "  --port 9000: unknown setting; did you mean --Signaling:Port=9000?\n" +
            "  9001: not a setting; write settings as --Section:Key=VALUE\n" +
            FixLine,
            stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Process_UnknownEnvironmentVariableOfOurs_RefusedNamingTheVariable()
    {
        var (exit, _, stderr) = await ServerProcess.RunAsync([], new Dictionary<string, string?> { ["Admin__Tokn"] = "secret" });
        Assert.Equal(2, exit);
        Assert.Equal(
            "tandem server: invalid configuration:\n" +
            "  Admin__Tokn (environment variable): unknown setting; did you mean Admin__Token?\n" +
            FixLine,
            stderr);
    }

    [Fact]
    public async Task Process_PortInUse_OneLineNamingAddressAndPortExit3()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var (exit, stdout, stderr) = await ServerProcess.RunAsync([$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1"]);
        Assert.Equal(ExitCodes.CannotListen, exit);
        Assert.Equal(
            $"tandem server: cannot listen on 127.0.0.1:{port}: the port is already in use by another process " +
            $"(ss -ltnp 'sport = :{port}' shows which); stop it or choose another port with --Signaling:Port=N\n",
            stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Process_AddressNotOfThisMachine_OneLineExit3()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine. Binding it sends nothing.
        var (exit, _, stderr) = await ServerProcess.RunAsync(["--Signaling:Port=8000", "--Signaling:ListenAddress=192.0.2.1"]);
        Assert.Equal(ExitCodes.CannotListen, exit);
        Assert.Equal(
            "tandem server: cannot listen on 192.0.2.1:8000: 192.0.2.1 is not an address of this machine (ip address lists them); " +
            "set --Signaling:ListenAddress to one of them, or 0.0.0.0 for all\n",
            stderr);
    }

    /// <summary>
    /// systemd's Type=notify: the unit's service manager is the parent process (here a copy of sh named
    /// "systemd", which is how .NET recognises it) and listens on NOTIFY_SOCKET for READY=1 and STOPPING=1.
    /// </summary>
    [Fact]
    public async Task Process_UnderSystemd_NotifiesReadyAndStoppingAndLogsForTheJournal()
    {
        var folder = Directory.CreateTempSubdirectory("tandem-systemd-");
        try
        {
            var manager = Path.Combine(folder.FullName, "systemd");
            File.Copy("/bin/sh", manager);
            var notifyPath = Path.Combine(folder.FullName, "notify");
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
            var port = ServerHost.FreePort();
            await using var process = ServerProcess.StartExecutable(manager,
                ["-c", "\"$0\" \"$@\"; exit $?", "dotnet", Path.Combine(AppContext.BaseDirectory, "Tandem.Server.dll"), $"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1"],
                new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notifyPath });
            Assert.Equal("READY=1", await ReceiveAsync(notify));
            await process.WaitForHealthyAsync(port);

            process.TerminateChildren();
            Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains($"<6>Microsoft.Hosting.Lifetime[14] Now listening on: http://127.0.0.1:{port}\n", process.Stdout, StringComparison.Ordinal);
            Assert.All(process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(@"^<[2-7]>[\w.]+\[\d+\] ", line));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var count = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, count).Trim();
    }
}
