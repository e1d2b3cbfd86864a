using Tandem.Server.Configuration;
using Tandem.Server.Hosting;

namespace Tandem.Server.Tests.Hosting;

public class HelpTextTests
{
    [Fact]
    public void Render_EveryRow_ListedWithItsPlaceholderAndDefault()
    {
        var help = HelpText.Render();
        Assert.All(SettingsTable.All, s =>
        {
            var key = s.IsFamily ? s.Key[..^1] + "CATEGORY" : s.Key;
            Assert.Contains($"\n  --{key}={s.Kind.Placeholder}  ({(s.Default is null ? "not set" : "default " + s.Default)})\n", help, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Render_OneSetting_DescriptionAndAllowedValuesWrapped()
    {
        Assert.Contains(
            "\nSignaling\n" +
            "  --Signaling:ListenAddress=ADDRESS  (default 0.0.0.0)\n" +
            "      Address to listen on: 0.0.0.0 every IPv4 address, :: every IPv4 and IPv6 address, 127.0.0.1\n" +
            "      this machine only. Takes an IP address such as 0.0.0.0, 127.0.0.1 or ::.\n" +
            "  --Signaling:Port=N  (default 8000)\n" +
            "      TCP port of everything: WebSocket on / and /ws, the pages, the API, /metrics. Takes a whole\n" +
            "      number from 1 to 65535.\n",
            HelpText.Render(),
            StringComparison.Ordinal);
        Assert.Contains(
            "  --Admin:Token=TEXT  (not set)\n" +
            "      Not set: the admin page and API answer loopback clients only. Set: every admin request needs\n" +
            "      it (Authorization: Bearer TOKEN, or the page's login), from any address.\n",
            HelpText.Render(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExitCodes_Listed()
    {
        Assert.EndsWith(
            "Exit codes:\n" +
            "  0  stopped (Ctrl-C, SIGTERM) or --help\n" +
            "  1  failed while running\n" +
            "  2  invalid settings\n" +
            "  3  cannot listen on the address and port\n",
            HelpText.Render(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Lines_AtMost100Characters() =>
        Assert.All(HelpText.Render().Split('\n'), line => Assert.True(line.Length <= 100, line));
}
