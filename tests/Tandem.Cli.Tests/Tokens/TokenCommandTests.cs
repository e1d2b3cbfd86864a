using Tandem.Cli.Options;
using Tandem.Cli.Tokens;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Protocol;

namespace Tandem.Cli.Tests.Tokens;

/// <summary><c>tandem token</c>: the token it prints is the one the server's token check admits, for that id only.</summary>
public class TokenCommandTests
{
    private const string Secret = "cli-test secret, 32 bytes or longer than that";

    [Fact]
    public async Task Mint_LastStdoutLine_IsAdmittedByTheServersCheck_ForThatIdOnly()
    {
        var (code, output, errors) = Run(["--id", "app_123456", "--ttl", "1h"], Secret);
        Assert.Equal(0, code);
        var token = output.TrimEnd('\n').Split('\n')[^1];
        Assert.Equal(3, token.Split('.').Length);
        Assert.StartsWith("token for app_123456, valid until ", errors, StringComparison.Ordinal);

        var check = new TokenAuthorizer(new TokenOptions { Secret = System.Text.Encoding.UTF8.GetBytes(Secret) }, TimeProvider.System);
        Assert.True((await check.AuthorizeAsync(Request("app_123456", token), default)).Allowed);
        Assert.False((await check.AuthorizeAsync(Request("glasses_123456", token), default)).Allowed);
        Assert.False((await check.AuthorizeAsync(Request("app_654321", token), default)).Allowed);
    }

    [Fact]
    public async Task Mint_Ttl_SetsTheExpiry()
    {
        // A whole second: JWT times are whole seconds (RFC 7519 §2 NumericDate).
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var (_, output, _) = Run(["--id", "glasses_1", "--ttl", "90s"], Secret, time);
        var check = new TokenAuthorizer(new TokenOptions { Secret = System.Text.Encoding.UTF8.GetBytes(Secret), ClockSkew = TimeSpan.Zero }, time);
        time.Advance(TimeSpan.FromSeconds(90));
        Assert.True((await check.AuthorizeAsync(Request("glasses_1", output.Trim()), default)).Allowed);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("expired", (await check.AuthorizeAsync(Request("glasses_1", output.Trim()), default)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mint_NoSecretInEnvironment_Exit2SaysWhatToSet()
    {
        var (code, output, errors) = Run(["--id", "app_1"], null);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("Auth__Secret is not set", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Mint_ShortSecret_Exit2()
    {
        var (code, _, errors) = Run(["--id", "app_1"], "short");
        Assert.Equal(2, code);
        Assert.Contains("5 bytes", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--id", "123456")]
    [InlineData("--id", "phone_1")]
    [InlineData("--ttl", "1h")]
    [InlineData("--id", "app_1", "--ttl", "forever")]
    [InlineData("--id", "app_1", "--ttl", "400d")]
    [InlineData("--id", "app_1", "--colour", "red")]
    [InlineData("--id")]
    public void Mint_BadArguments_Exit2(params string[] args)
    {
        var (code, output, errors) = Run(args, Secret);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("tandem token: ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void NewSecret_32RandomBytes_DifferentEachTime()
    {
        var (code, first, _) = Run(["--new-secret"], null);
        var (_, second, _) = Run(["--new-secret"], null);
        Assert.Equal(0, code);
        Assert.Equal(32, Convert.FromBase64String(first.Trim()).Length);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    [InlineData("120", 120)]
    public void Duration_Parsed(string text, int seconds)
    {
        Assert.True(TokenCommand.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void SessionToken_GoesOnTheUrl_NotIntoTheServerShown()
    {
        Assert.True(AppOptionsParser.TryParse(["--server", "ws://127.0.0.1:8000/ws?x=1", "--id", "app_1", "--token", "a.b-c.d_e"], out var options, out var error), error);
        Assert.Equal("ws://127.0.0.1:8000/ws?x=1&token=a.b-c.d_e", options!.Common.SignalingUri.AbsoluteUri);
        Assert.Equal("ws://127.0.0.1:8000/ws?x=1", options.Common.Server.AbsoluteUri);
        Assert.False(DeviceOptionsParser.TryParse(["--server", "ws://127.0.0.1:8000/", "--id", "glasses_1", "--token", "not a token"], out _, out error));
        Assert.StartsWith("--token:", error, StringComparison.Ordinal);
    }

    private static JoinRequest Request(string id, string token)
    {
        Assert.True(DeviceId.TryParse(id, out var deviceId));
        return new JoinRequest(deviceId, token, "127.0.0.1:1");
    }

    private static (int Code, string Output, string Errors) Run(string[] args, string? secret, TimeProvider? time = null)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = TokenCommand.Run(args, name => name == TokenCommand.SecretVariable ? secret : null, time ?? TimeProvider.System, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
