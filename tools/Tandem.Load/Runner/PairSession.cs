using System.Net.Sockets;
using Tandem.Load.Checking;
using Tandem.Load.Messages;
using Tandem.Load.Net;
using Tandem.Load.Options;
using Tandem.Load.Targets;

namespace Tandem.Load.Runner;

/// <summary>
/// One pair session: connect and join the glasses, then the app; wait for both to be ready; run the
/// rounds (offer, answer, <c>--ice</c> candidates each way); leave; close.
/// </summary>
public sealed class PairSession
{
    private readonly LoadOptions _options;
    private readonly ISignalingProtocol _protocol;
    private readonly SocketConnector _connector;
    private readonly DeliveryChecker _checker;
    private readonly LoadStats _stats;
    private readonly string _run;

    /// <summary>Creates the session runner shared by every pair of a run.</summary>
    public PairSession(LoadOptions options, ISignalingProtocol protocol, SocketConnector connector,
        DeliveryChecker checker, LoadStats stats, string run)
    {
        _options = options;
        _protocol = protocol;
        _connector = connector;
        _checker = checker;
        _stats = stats;
        _run = run;
    }

    /// <summary>Runs pair <paramref name="pair"/>; true when it completed without error.</summary>
    public async Task<bool> RunAsync(int pair, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var glasses = new LoadPeer(new PeerIdentity(_run, pair, 0), _protocol, _checker, _stats);
        var app = new LoadPeer(new PeerIdentity(_run, pair, 1), _protocol, _checker, _stats);
        var ok = false;
        try
        {
            var work = ExchangeAsync(pair, glasses, app, cts.Token);
            // A server error or a closed socket ends the session at once instead of at the timeout.
            var failure = Task.WhenAny(glasses.Failed, app.Failed);
            if (await Task.WhenAny(work, failure).ConfigureAwait(false) == work)
            {
                await work.ConfigureAwait(false);
                ok = !glasses.Failed.IsCompleted && !app.Failed.IsCompleted;
            }
            else
            {
                await cts.CancelAsync().ConfigureAwait(false);
                await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _stats.AddError("timeout");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            if (!glasses.Failed.IsCompleted && !app.Failed.IsCompleted)
            {
                _stats.AddError(e is WebSocketConnectException ? "connect" : "socket");
            }
        }
        finally
        {
            await glasses.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        _stats.PairDone(ok);
        return ok;
    }

    private async Task ExchangeAsync(int pair, LoadPeer glasses, LoadPeer app, CancellationToken ct)
    {
        await glasses.ConnectAsync(_options.ServerFor(pair, 0), _connector, ct).ConfigureAwait(false);
        await glasses.SendJoinAsync(ct).ConfigureAwait(false);
        await app.ConnectAsync(_options.ServerFor(pair, 1), _connector, ct).ConfigureAwait(false);
        await app.SendJoinAsync(ct).ConfigureAwait(false);
        var glassesRole = await glasses.Ready.WaitAsync(ct).ConfigureAwait(false);
        await app.Ready.WaitAsync(ct).ConfigureAwait(false);

        // R18: the first member is the offerer; a server that says otherwise is followed.
        var glassesOffers = !_protocol.ServerAssignsRoles || glassesRole != "answerer";
        var offerer = glassesOffers ? glasses : app;
        var answerer = glassesOffers ? app : glasses;
        var perRound = 1 + _options.IceCandidates;
        for (var round = 0; round < _options.Rounds; round++)
        {
            var expected = (round + 1L) * perRound;
            await Task.WhenAll(OffererRoundAsync(offerer, expected, ct), AnswererRoundAsync(answerer, expected, ct))
                .ConfigureAwait(false);
        }

        if (await offerer.SendLeaveAsync(ct).ConfigureAwait(false))
        {
            // R25: the peer gets the leave forwarded; then it leaves its now single-member room.
            await answerer.PeerLeft.WaitAsync(ct).ConfigureAwait(false);
            await answerer.SendLeaveAsync(ct).ConfigureAwait(false);
        }

        await Task.WhenAll(offerer.CloseAsync(ct), answerer.CloseAsync(ct)).ConfigureAwait(false);
    }

    private async Task OffererRoundAsync(LoadPeer offerer, long expected, CancellationToken ct)
    {
        await offerer.SendSignalsAsync(SignalKind.Offer, 0, _options.IceCandidates, ct).ConfigureAwait(false);

        await offerer.WaitForReceivedAsync(expected, ct).ConfigureAwait(false);
    }

    private async Task AnswererRoundAsync(LoadPeer answerer, long expected, CancellationToken ct)
    {
        // The answer follows the offer: wait for this round's offer (the first message of the round).
        await answerer.WaitForReceivedAsync(expected - _options.IceCandidates, ct).ConfigureAwait(false);
        await answerer.SendSignalsAsync(SignalKind.Answer, 32, _options.IceCandidates, ct).ConfigureAwait(false);

        await answerer.WaitForReceivedAsync(expected, ct).ConfigureAwait(false);
    }
}
