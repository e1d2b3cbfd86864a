using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.Server.Tests.Admin;

/// <summary>The admin page in real Chromium (Debian's /usr/bin/chromium driven by Playwright).</summary>
[Trait("Category", "Browser")]
public sealed class AdminPageBrowserTests
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>Where the screenshots go: <c>artifacts/</c> beside the test assembly.</summary>
    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts");

    [Fact]
    public async Task AdminPage_PairThenCloseRoom_ShowsPairedRoomAndClientsGetTimeoutMessages()
    {
        await using var server = await AdminServer.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                pageErrors.Add(message.Text + " at " + message.Location);
            }
        };

        await page.GotoAsync(new Uri(server.BaseUri, "admin").ToString());
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await Expect(page.Locator(".logout")).ToBeHiddenAsync();

        // Some company for the pair: a waiting room and a connection that has not joined yet.
        await using var waiting = await TestSignalingClient.JoinAsync(server.WebSocketUri, "glasses_aabbccddeeff");
        await using var idle = await TestSignalingClient.ConnectAsync(server.WebSocketUri, "app_idle");
        var (glasses, app) = await AdminTestSteps.PairAsync(server, "123456");
        await using (glasses)
        await using (app)
        {
            var row = page.Locator("tr[data-room='room_123456']");
            var soon = new LocatorAssertionsToHaveTextOptions { Timeout = 2000 };
            await Expect(row.Locator(".state")).ToHaveTextAsync("PAIRED", soon);
            await Expect(row.Locator(".members .dev")).ToHaveTextAsync(["glasses_123456", "app_123456"], soon);

            await glasses.SendAsync("offer", "app_123456", """{"type":"offer","sdp":"v=0"}""");
            await app.ExpectAsync("offer");
            await Expect(page.Locator("#forwarded")).ToContainTextAsync("offer1");
            await Expect(page.Locator("[data-total='connections']")).ToHaveTextAsync("4");
            Directory.CreateDirectory(ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "admin-page.png"), FullPage = true });

            await row.Locator("button.action").ClickAsync();
            await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
            await Expect(page.Locator("#confirm-title")).ToHaveTextAsync("Close room room_123456?");
            await page.Locator("#confirm-ok").ClickAsync();

            foreach (var client in new[] { glasses, app })
            {
                await client.ExpectAsync("error", errorCode: 1005);
                Assert.Equal(4005, await client.ExpectCloseAsync());
            }

            await Expect(row).ToHaveCountAsync(0);
            await Expect(page.Locator("#toast")).ToContainTextAsync("room_123456 closed");
        }

        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, "admin-page-narrow.png"), FullPage = true });
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task AdminPage_FilterBox_ShowsOnlyMatchingRooms()
    {
        await using var server = await AdminServer.StartAsync();
        var clients = new List<TestSignalingClient>();
        try
        {
            for (var i = 0; i < 60; i++)
            {
                clients.Add(await TestSignalingClient.JoinAsync(server.WebSocketUri, $"glasses_f{i:D2}"));
            }

            await AdminTestSteps.WaitUntilAsync(server.Hub, h => h.GetStatus().Rooms.Count == 60, "60 rooms");
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await LaunchAsync(playwright);
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(server.BaseUri, "admin").ToString());

            var rows = page.Locator("#rooms tbody tr");
            await Expect(rows).ToHaveCountAsync(50);
            await Expect(page.Locator("#rooms-pager .range")).ToHaveTextAsync("1–50 of 60");
            await page.Locator("#rooms-pager [data-step='1']").ClickAsync();
            await Expect(rows).ToHaveCountAsync(10);
            await Expect(rows.First).ToHaveAttributeAsync("data-room", "room_f50");

            await page.Locator("#rooms-filter").FillAsync("f4");
            await Expect(rows).ToHaveCountAsync(10);
            await Expect(page.Locator("#rooms-count")).ToHaveTextAsync("(10 of 60)");
            await Expect(rows.First).ToHaveAttributeAsync("data-room", "room_f40");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AdminPage_ThousandPairedRooms_ShowsOnePageAndFindsARoomByFilter()
    {
        await using var server = await AdminServer.StartAsync(["--Signaling:MaxConnections=5000"]);
        InProcessClients.PairRooms(server.Hub, 1000);
        Assert.Equal(1000, server.Hub.GetStatus().Rooms.Count(r => r.State == "PAIRED"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseUri, "admin").ToString());

        await Expect(page.Locator("#rooms tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("#rooms-count")).ToHaveTextAsync("(1,000)");
        await Expect(page.Locator("#connections-pager .range")).ToHaveTextAsync("1–50 of 2,000");
        await Expect(page.Locator("[data-total='paired']")).ToHaveTextAsync("1,000");

        await page.Locator("#rooms-filter").FillAsync("app_load0777");
        await Expect(page.Locator("#rooms tbody tr")).ToHaveCountAsync(1);
        var row = page.Locator("tr[data-room='room_load0777']");
        await Expect(row.Locator(".state")).ToHaveTextAsync("PAIRED");
        await Expect(row.Locator(".members .dev")).ToHaveTextAsync(["glasses_load0777", "app_load0777"]);
    }

    [Fact]
    public async Task AdminPage_WithToken_LoginFormLeadsToLivePage()
    {
        await using var server = await AdminServer.StartAsync(["--Admin:Token=browser-token"]);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseUri, "admin").ToString());
        Assert.EndsWith("/admin/login", page.Url, StringComparison.Ordinal);
        await page.Locator("#token").FillAsync("wrong");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator(".error")).ToHaveTextAsync("Wrong token.");

        await page.Locator("#token").FillAsync("browser-token");
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        Assert.EndsWith("/admin", page.Url, StringComparison.Ordinal);

        await page.Locator(".logout button").ClickAsync();
        await Expect(page.Locator("#token")).ToBeVisibleAsync();
        var response = await page.GotoAsync(new Uri(server.BaseUri, "admin").ToString());
        Assert.EndsWith("/admin/login", page.Url, StringComparison.Ordinal);
        Assert.Equal(200, response!.Status);
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
}
