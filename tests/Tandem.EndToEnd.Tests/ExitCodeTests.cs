using Tandem.Testing.Processes;
using static Tandem.Testing.Processes.Tandem;

namespace Tandem.EndToEnd.Tests;

/// <summary>What the commands say, and with which exit code, when the call cannot happen.</summary>
public class ExitCodeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task App_NoDeviceJoins_ExitFiveNamesThePeer()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var app = App(server, "e2e_alone", "--timeout", "2", "--quiet");

        Assert.Equal(5, await app.WaitForExitAsync(Wait));
        Assert.Contains(app.Lines, l => l.StartsWith("stderr: tandem: no peer joined within 2 s: is glasses_e2e_alone running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task App_NoCandidatePairCanWork_ExitSixSaysTheConnectionFailed()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var device = Device(server, "e2e_noice", "--no-video", "--no-audio", "--quiet", "--ice-address", "127.0.0.1");
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);

        // IPv6 loopback against IPv4 loopback: paired through the server, but no candidate pair can form.
        await using var app = App(server, "e2e_noice", "--no-video", "--no-audio", "--quiet", "--timeout", "4", "--ice-address", "::1");

        Assert.Equal(6, await app.WaitForExitAsync(Wait));
        Assert.Contains(app.Lines, l => l.StartsWith("paired with glasses_e2e_noice", StringComparison.Ordinal));
        Assert.Contains(app.Lines, l => l.StartsWith("stderr: tandem: paired, but the connection did not come up within 4 s", StringComparison.Ordinal));
    }
}
