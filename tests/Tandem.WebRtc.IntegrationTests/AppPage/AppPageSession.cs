using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Tandem.WebRtc.IntegrationTests.AppPage;

/// <summary>
/// One app page (<c>web/app/</c>) open in Chromium, read through its <c>window.tandemApp</c>
/// (state, stats, events, chat) and driven through its DOM, as a user would.
/// </summary>
public sealed class AppPageSession : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _log = new();

    private AppPageSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<AppPageSession> OpenAsync(IBrowser browser, Uri uri, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var session = new AppPageSession(context, await context.NewPageAsync());
        try
        {
            session.Page.Console += (_, message) => session._log.Enqueue($"console.{message.Type}: {message.Text}");
            session.Page.PageError += (_, error) => session._log.Enqueue($"page error: {error}");
            await session.Page.GotoAsync(uri.ToString());
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>tandemApp.state()</c>: signaling, role, peerId, ICE/connection/signaling states, dataChannel.</summary>
    public Task<JsonElement> StateAsync() => EvaluateJsonAsync("tandemApp.state()");

    /// <summary><c>tandemApp.stats()</c>: the last one-second stats sample (Null before the first).</summary>
    public Task<JsonElement> StatsAsync() => EvaluateJsonAsync("tandemApp.stats()");

    /// <summary>Polls <paramref name="expression"/> (a <c>tandemApp</c> call) until <paramref name="condition"/> holds.</summary>
    public async Task<JsonElement> WaitForAsync(string expression, Func<JsonElement, bool> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await EvaluateJsonAsync(expression);
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"timed out waiting for {description}; last {expression}: {value}\n{await DiagnosticsAsync()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Types <paramref name="text"/> into the chat box and presses Send.</summary>
    public async Task SendChatAsync(string text)
    {
        await Page.FillAsync("#chat-input", text);
        await Page.ClickAsync("#chat-send");
    }

    /// <summary>Waits until the chat log shows a line containing <paramref name="text"/>; returns that line's text.</summary>
    public async Task<string> WaitForChatLineAsync(string text, TimeSpan? timeout = null)
    {
        var line = Page.Locator("#chat-log li", new PageLocatorOptions { HasText = text });
        await line.First.WaitForAsync(new LocatorWaitForOptions { Timeout = (float)(timeout ?? DefaultTimeout).TotalMilliseconds });
        return await line.First.InnerTextAsync();
    }

    /// <summary>Saves a full-page PNG at <paramref name="width"/> px wide under the test output's AppPage/Screenshots; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, int width, int height)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "AppPage", "Screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await Page.SetViewportSizeAsync(width, height);
        await Page.EvaluateAsync("window.scrollTo(0, 0)");
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // one stats tick, so the numbers match the new layout's frame
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The page's events, console and errors, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        string events;
        try
        {
            events = (await EvaluateJsonAsync("tandemApp.events()")).ToString();
        }
        catch (PlaywrightException e)
        {
            events = e.Message;
        }

        return $"app page events: {events}\napp page log:\n{string.Join('\n', _log)}";
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    /// <summary>Evaluates a JS expression in the page and returns its value as JSON.</summary>
    public Task<JsonElement> EvaluateAsync(string expression) => EvaluateJsonAsync(expression);

    private async Task<JsonElement> EvaluateJsonAsync(string expression)
    {
        var json = await Page.EvaluateAsync<string>($"() => JSON.stringify({expression} ?? null)");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
