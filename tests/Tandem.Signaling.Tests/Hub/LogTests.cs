using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

/// <summary>What clients write reaches the log only cut and escaped (issue 13, "also found").</summary>
public class LogTests
{
    [Fact]
    public void Receive_UnknownTypeOf65KBWithLineBreaks_LoggedCutAndEscaped_R10()
    {
        var log = new ListLogger();
        using var fx = new HubFixture(logger: log);
        var client = fx.Connect();
        var type = "x\r\nfail: forged line\u001b[31m\u2028" + new string('y', 65 * 1024);
        fx.Send(client, Messages.Join("app_1").With("type", type));

        var line = Assert.Single(log.Lines, l => l.Text.StartsWith("error 1003", StringComparison.Ordinal)).Text;
        Assert.True(line.Length < 400, $"{line.Length} characters logged");
        Assert.Contains("unknown type \"x\\u000D\\u000Afail: forged line\\u001B[31m\\u2028yyy", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line, c => char.IsControl(c) || c == '\u2028');
        var error = client.Last.GetProperty("data");
        Assert.True(error.GetProperty("error_message").GetString()!.Length < 200);
        Assert.EndsWith("…", error.GetProperty("request_type").GetString(), StringComparison.Ordinal);
    }
}
