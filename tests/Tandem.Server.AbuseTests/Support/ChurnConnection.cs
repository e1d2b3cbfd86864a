using System.Net.WebSockets;
using System.Text.Json;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.AbuseTests.Support;

/// <summary>
/// One connection of a churn client: joins as <c>glasses_churn</c> or <c>app_churn</c>, relays
/// numbered bursts to its counterpart, leaves, joins again, is replaced by a newer connection with
/// its id (R20) or closes without leave (R30). A pump records everything it receives in the ledger.
/// </summary>
internal sealed class ChurnConnection : IAsyncDisposable
{
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(10);
    private readonly WsClient _client = new(receiveBuffer: 16 * 1024);
    private readonly ChurnLedger _ledger;
    private readonly string _kind;
    private readonly string _peerKind;
    private Task _pump = Task.CompletedTask;
    private int _seq;
    private int _relayErrors;
    private volatile bool _replaced;

    public ChurnConnection(ChurnLedger ledger, string name, string kind)
    {
        _ledger = ledger;
        Name = name;
        _kind = kind;
        _peerKind = kind == "glasses" ? "app" : "glasses";
    }

    public string Name { get; }

    /// <summary>Relayed messages sent.</summary>
    public int Sent => _seq;

    /// <summary>Errors for relayed messages received (1006: no peer, or the peer offline).</summary>
    public int RelayErrors => Volatile.Read(ref _relayErrors);

    /// <summary>True once a newer connection took its slot (1001, close 4001).</summary>
    public bool Replaced => _replaced;

    public bool Joined { get; private set; }

    public async Task ConnectAsync(Uri uri)
    {
        await _client.ConnectAsync(uri);
        _pump = Task.Run(PumpAsync);
    }

    public Task JoinAsync()
    {
        Joined = true;
        return SendAsync(Messages.Join(_kind + "_churn"));
    }

    public Task LeaveAsync()
    {
        Joined = false;
        return SendAsync(Messages.Leave(_kind + "_churn"));
    }

    /// <summary>Sends <paramref name="count"/> relays back to back, then waits until each was delivered or refused (or this connection was replaced).</summary>
    public async Task BurstAsync(int count, string[] types)
    {
        var errorsBefore = RelayErrors;
        var mids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var mid = Name + ":" + _seq;
            mids.Add(mid);
            await SendAsync(Messages.Relay(types[i % types.Length], _kind + "_churn", _peerKind + "_churn").With("mid", mid).With("seq", _seq));
            _seq++;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (mids.Count(_ledger.IsDelivered) + RelayErrors - errorsBefore < count && !_replaced && clock.Elapsed < SettleLimit)
        {
            await Task.Delay(5);
        }
    }

    /// <summary>Closes without leave (unless it left) and reads until the server's close frame.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client.Socket.State == WebSocketState.Open)
        {
            try
            {
                await _client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The server closed it meanwhile.
            }
        }

        await _client.ClosedAsync(TimeSpan.FromSeconds(30));
        await _pump;
        await _client.DisposeAsync();
    }

    private async Task SendAsync(System.Text.Json.Nodes.JsonNode message)
    {
        try
        {
            await _client.SendAsync(message);
        }
        catch (WebSocketException)
        {
            // Closed by the server (replaced): what it sends now is not read, and not counted as lost.
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            JsonElement message;
            try
            {
                message = await _client.ReceiveAsync(TimeSpan.FromMinutes(5));
            }
            catch (InvalidOperationException)
            {
                return;
            }

            switch (message.GetProperty("type").GetString())
            {
                case "offer" or "answer" or "ice":
                    var mid = message.GetProperty("mid").GetString()!;
                    _ledger.Received(
                        mid,
                        mid[..mid.IndexOf(':', StringComparison.Ordinal)],
                        message.GetProperty("seq").GetInt32(),
                        Kind(message.GetProperty("from").GetString()),
                        Kind(message.GetProperty("to").GetString()),
                        Name,
                        _kind,
                        message.GetProperty("room_id").GetString());
                    break;
                case "error":
                    var data = message.GetProperty("data");
                    var code = data.GetProperty("error_code").GetInt32();
                    if (code == 1001)
                    {
                        _replaced = true;
                    }
                    else if (code == 1006 && data.GetProperty("request_type").GetString() is "offer" or "answer" or "ice")
                    {
                        Interlocked.Increment(ref _relayErrors);
                    }
                    else
                    {
                        _ledger.Problem($"{Name} got {message}");
                    }

                    break;
            }
        }
    }

    private static string Kind(string? id) => id?.StartsWith("glasses_", StringComparison.Ordinal) == true ? "glasses" : "app";
}
