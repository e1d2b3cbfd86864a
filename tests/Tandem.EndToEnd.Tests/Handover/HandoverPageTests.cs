using Tandem.Testing;
using Tandem.Testing.Handover;
using Tandem.Testing.Processes;
using static Tandem.EndToEnd.Tests.Browser.DeviceAppPageTests;

namespace Tandem.EndToEnd.Tests.Handover;

/// <summary>
/// The handover of <see cref="HandoverTests"/> with the <c>/app</c> page in Chromium as the app: an offering
/// glasses restarts ICE and Chromium takes the restart offer as it is; an answering glasses asks with
/// <c>restart</c> (R44) and the page offers with <c>iceRestart</c>. Video keeps being decoded in the page.
/// </summary>
[Trait("Category", "Browser")]
public class HandoverPageTests(AppPageBrowser browser) : IClassFixture<AppPageBrowser>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GlassesAddressChangesMidCall_PageDecodesAgain(bool glassesOffer)
    {
        var uid = glassesOffer ? "handover_page_glasses_first" : "handover_page_page_first";
        var log = new List<string>();
        await using var network = await HandoverNetwork.CreateAsync();

        // Every address of this namespace: the page loads from 127.0.0.1 (Chromium lets a loopback page open
        // ws:// there), the glasses reach the server over their signaling link.
        await using var server = await ServerProcess.StartOnAsync("0.0.0.0");
        var glassesServer = $"ws://{HandoverNetwork.ServerAddress}:{server.Port}/";
        ChildProcess? glasses = null;
        if (glassesOffer)
        {
            glasses = network.StartGlasses(glassesServer, uid);
            await server.WaitForRoomAsync("glasses_" + uid, Wait);
        }

        var page = await browser.OpenAsync(new Uri($"http://127.0.0.1:{server.Port}/app?id=app_" + uid), log);
        try
        {
            if (!glassesOffer)
            {
                await server.WaitForRoomAsync("app_" + uid, Wait);
                glasses = network.StartGlasses(glassesServer, uid);
            }

            await AppPageBrowser.WaitForAsync(page, "tandemApp.stats()", s => Number(s, "video", "framesDecoded") > 30, "30 frames decoded", log, glasses, Wait);
            await network.SwitchAsync();
            var atSwitch = Number(await AppPageBrowser.EvaluateAsync(page, "tandemApp.stats()"), "video", "framesDecoded");

            await AppPageBrowser.WaitForAsync(page, "tandemApp.stats()", s => Number(s, "video", "framesDecoded") >= atSwitch + 50,
                "50 frames decoded after the switch", log, glasses, Wait);
            Assert.Contains(
                glassesOffer ? "note: ICE lost its local address: restarting ICE" : "note: ICE lost its local address: asking the peer for an ICE restart",
                glasses!.Lines);
            if (!glassesOffer)
            {
                var events = (await AppPageBrowser.EvaluateAsync(page, "tandemApp.events()")).ToString();
                Assert.Contains("the glasses asked for an ICE restart", events, StringComparison.Ordinal);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
            if (glasses is not null)
            {
                await glasses.DisposeAsync();
            }
        }
    }
}
