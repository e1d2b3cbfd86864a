using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;

namespace Tandem.Interop.Tests.Partners;

/// <summary>
/// Chromium as a partner: as the app, the server's own <c>/app</c> page; as the glasses,
/// <c>interop/chromium/glasses.html</c> from <see cref="GlassesPages"/>. Either way
/// <c>interop/chromium/probe.js</c> is installed first and measures.
/// </summary>
internal sealed class ChromiumPartner : IPartnerPeer
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly AppPageBrowser _browser;
    private readonly GlassesPages _pages;
    private readonly ServerProcess _server;
    private readonly PartnerOptions _options;
    private readonly List<string> _log = [];
    private IPage? _page;

    private ChromiumPartner(AppPageBrowser browser, GlassesPages pages, ServerProcess server, PartnerOptions options)
    {
        _browser = browser;
        _pages = pages;
        _server = server;
        _options = options;
    }

    /// <summary>
    /// A page for <paramref name="options"/>' role on <paramref name="server"/>'s origin: opened now, or at
    /// <see cref="JoinAsync"/> with <see cref="PartnerOptions.HoldJoin"/> (a page joins as soon as it loads).
    /// </summary>
    public static async Task<ChromiumPartner> StartAsync(AppPageBrowser browser, GlassesPages pages, ServerProcess server, PartnerOptions options)
    {
        var partner = new ChromiumPartner(browser, pages, server, options);
        if (!options.HoldJoin)
        {
            await partner.OpenAsync();
        }

        return partner;
    }

    public Task JoinAsync() => _page is null ? OpenAsync() : Task.CompletedTask;

    public async Task<PartnerSummary> WaitForSummaryAsync(TimeSpan timeout)
    {
        var summary = await WaitForAsync("interopProbe.summary()", v => v.GetProperty("done").GetBoolean(), "the end of its run", timeout);
        return PartnerSummary.Parse(summary);
    }

    public string Transcript()
    {
        lock (_log)
        {
            return "--- chromium ---\n" + string.Join('\n', _log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }

    private static string Flag(bool on) => on ? "1" : "0";

    private async Task OpenAsync()
    {
        var options = _options;
        var folder = Path.Combine(Binaries.RepositoryRoot, "interop", "chromium");
        var config = JsonSerializer.Serialize(new
        {
            send = options.Data ? new[] { options.Text } : [],
            binaries = options.Data ? new[] { options.BinaryHex } : [],
            pings = options.Pings,
            windowMs = options.Seconds * 1000,
            app = !options.IsGlasses,
            video = options.Video,
            data = options.Data,
        });
        var probe = await File.ReadAllTextAsync(Path.Combine(folder, "probe.js"));
        var ws = Uri.EscapeDataString(_server.WebSocketUri + "ws");
        var uri = options.IsGlasses
            ? new Uri(_pages.BaseUri, $"glasses.html?id={options.Id}&ws={ws}&video={Flag(options.Video)}&audio={Flag(options.Audio)}&data={Flag(options.Data)}")
            : new Uri(_server.HttpUri, "app?id=" + options.Id);
        _page = await _browser.OpenAsync(uri, _log, context => context.AddInitScriptAsync($"window.__interopConfig = {config};\n{probe}"));
    }

    private async Task<JsonElement> WaitForAsync(string expression, Func<JsonElement, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = _page is null ? default : await AppPageBrowser.EvaluateAsync(_page, expression);
            if (_page is not null && condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"chromium: no {what} within {timeout.TotalSeconds} s; last {expression}: {value}\n{Transcript()}");
            }

            await Task.Delay(Poll);
        }
    }
}
