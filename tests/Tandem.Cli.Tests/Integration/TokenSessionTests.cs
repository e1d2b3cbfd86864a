using Tandem.Cli.Tokens;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Cli.Tests.Integration;

/// <summary><c>--token</c> against a real server with <c>Auth:Mode=token</c>: without it the run ends refused (4); with it both sides pair.</summary>
public class TokenSessionTests
{
    private const string Secret = "cli session test secret, at least 32 bytes";
    private static readonly string[] DataOnLoopback = ["--no-video", "--no-audio", "--ice-address", "127.0.0.1"];
    private static readonly string[] TokenMode = ["--Auth:Mode=token", $"--Auth:Secret={Secret}"];

    [Fact]
    public async Task Device_WithoutToken_RefusedWith1008_ExitFour()
    {
        await using var server = await ServerHost.StartWithArgsAsync(TokenMode);
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_tok1", "--timeout", "20", .. DataOnLoopback]);

        Assert.Equal(4, await device.ExitCodeAsync());
        Assert.Contains(device.Snapshot(), l => l.StartsWith("stderr: tandem: server error 1008: this server needs a token", StringComparison.Ordinal));
        Assert.Empty(server.Hub.GetStatus().Rooms);
    }

    [Fact]
    public async Task DeviceAndApp_WithMintedTokens_Connect()
    {
        await using var server = await ServerHost.StartWithArgsAsync(TokenMode);
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_tok2", "--token", Mint("glasses_tok2"), "--seconds", "3", .. DataOnLoopback]);
        await device.WaitForLineAsync($"joined as glasses_tok2 on {server.WebSocketUri}; waiting for app_tok2");
        var app = CommandRun.App(["--server", server.WebSocketUri.ToString(), "--id", "app_tok2", "--token", Mint("app_tok2"), "--seconds", "3", .. DataOnLoopback]);
        await app.WaitForLineAsync("connected");
        await device.WaitForLineAsync("connected");
        Assert.Equal(0, await app.ExitCodeAsync());
        Assert.Equal(0, await device.ExitCodeAsync());
        Assert.DoesNotContain(device.Snapshot(), l => l.Contains("1008", StringComparison.Ordinal));
    }

    private static string Mint(string id)
    {
        using var output = new StringWriter();
        Assert.Equal(0, TokenCommand.Run(["--id", id, "--ttl", "10m"], name => name == TokenCommand.SecretVariable ? Secret : null, TimeProvider.System, output, TextWriter.Null));
        return output.ToString().Trim();
    }
}
