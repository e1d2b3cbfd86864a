using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// One Chromium page holding one RTCPeerConnection, driven from C# through the small JS API of
/// Pages/peer.js. Open it with <see cref="ChromiumFixture.OpenPeerAsync"/>. Each peer has its own
/// browser context, so two peers are two independent endpoints.
/// </summary>
public sealed partial class BrowserPeer : IAsyncDisposable
{
    /// <summary>The wait used when a method is given no timeout: generous, since the machine is shared.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IBrowserContext _context;
    private readonly IPage _page;
    private readonly Channel<IceCandidateInit> _candidates = Channel.CreateUnbounded<IceCandidateInit>();
    private readonly Channel<DataChannelInfo> _incomingChannels = Channel.CreateUnbounded<DataChannelInfo>();
    private readonly ConcurrentQueue<string> _log = new();

    private BrowserPeer(IBrowserContext context, IPage page)
    {
        _context = context;
        _page = page;
    }

    /// <summary>Console output, page errors and harness notes of this page, for failure messages.</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>
    /// Local ICE candidates as they are gathered (trickle), in order; each gathering generation
    /// (the first one, and one per ICE restart) ends with <see cref="IceCandidateInit.EndOfCandidates"/>.
    /// </summary>
    public ChannelReader<IceCandidateInit> Candidates => _candidates.Reader;

    /// <summary>Data channels the remote peer opened (RTCPeerConnection ondatachannel).</summary>
    public ChannelReader<DataChannelInfo> IncomingChannels => _incomingChannels.Reader;

    /// <summary>Opens the test page at <paramref name="pageUri"/> in a new context of <paramref name="browser"/>.</summary>
    public static async Task<BrowserPeer> OpenAsync(IBrowser browser, Uri pageUri)
    {
        var context = await browser.NewContextAsync();
        var peer = new BrowserPeer(context, await context.NewPageAsync());
        try
        {
            peer._page.Console += (_, message) => peer._log.Enqueue($"console.{message.Type}: {message.Text}");
            peer._page.PageError += (_, error) => peer._log.Enqueue($"page error: {error}");
            peer._page.Crash += (_, _) => peer._log.Enqueue("page crashed");
            await peer._page.ExposeFunctionAsync<string>("tandemEvent", peer.OnPageEvent);
            await peer._page.GotoAsync(pageUri.ToString());
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next local candidate (or end-of-candidates marker); throws on timeout.</summary>
    public Task<IceCandidateInit> NextCandidateAsync(TimeSpan? timeout = null) =>
        ReadWithTimeoutAsync(_candidates.Reader, "a local ICE candidate", timeout);

    /// <summary>The next data channel the remote peer opened; throws on timeout.</summary>
    public Task<DataChannelInfo> NextIncomingChannelAsync(TimeSpan? timeout = null) =>
        ReadWithTimeoutAsync(_incomingChannels.Reader, "an incoming data channel", timeout);

    /// <summary>
    /// Feeds every local candidate to <paramref name="sink"/> (e.g. the other peer's
    /// AddIceCandidateAsync) until cancelled; a failing sink ends the loop with its exception.
    /// </summary>
    public async Task ForwardCandidatesAsync(Func<IceCandidateInit, Task> sink, CancellationToken cancel)
    {
        await foreach (var candidate in _candidates.Reader.ReadAllAsync(cancel))
        {
            await sink(candidate);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _candidates.Writer.TryComplete();
        _incomingChannels.Writer.TryComplete();
        await _context.CloseAsync();
    }

    /// <summary>Calls <c>fn</c> of the page's API with JSON arguments and parses its JSON result.</summary>
    private async Task<T> CallAsync<T>(string fn, params object?[] args)
    {
        var request = JsonSerializer.Serialize(new { fn, args }, Json);
        string result;
        try
        {
            result = await _page.EvaluateAsync<string>("request => tandem.call(request)", request);
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"tandem.{fn} failed: {e.Message}\npage log:\n{string.Join('\n', _log)}", e);
        }

        return JsonSerializer.Deserialize<T>(result, Json)
            ?? throw new InvalidOperationException($"tandem.{fn} returned null");
    }

    private static async Task<T> ReadWithTimeoutAsync<T>(ChannelReader<T> reader, string what, TimeSpan? timeout)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out after {timeout ?? DefaultTimeout} waiting for {what}");
        }
    }

    private static double Milliseconds(TimeSpan? timeout) => (timeout ?? DefaultTimeout).TotalMilliseconds;

    private void OnPageEvent(string json)
    {
        using var document = JsonDocument.Parse(json);
        var kind = document.RootElement.GetProperty("kind").GetString();
        var data = document.RootElement.GetProperty("data");
        switch (kind)
        {
            case "candidate":
                _candidates.Writer.TryWrite(data.Deserialize<IceCandidateInit>(Json)!);
                break;
            case "datachannel":
                _incomingChannels.Writer.TryWrite(data.Deserialize<DataChannelInfo>(Json)!);
                break;
            default:
                _log.Enqueue($"{kind}: {data.GetRawText()}");
                break;
        }
    }
}
