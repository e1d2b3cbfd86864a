using Tandem.Load.Messages;
using Tandem.Load.Net;
using Tandem.Load.Options;
using Tandem.Load.Targets;

namespace Tandem.Load.Runner;

/// <summary>
/// Hold mode: opens <see cref="LoadOptions.Hold"/> connections joined in glasses/app pairs (paired
/// rooms have no timeout, R17/R18), keeps them idle with a receive pending (which answers the
/// server's pings, R4), and closes them on dispose.
/// </summary>
public sealed class HoldGroup : IAsyncDisposable
{
    // A held connection only ever sends its join and receives its role message: small buffers keep the
    // load tool's own memory low at tens of thousands of connections.
    private const int HeldBufferSize = 1024;

    private readonly LoadOptions _options;
    private readonly ISignalingProtocol _protocol;
    private readonly SocketConnector _connector;
    private readonly string _run;
    private readonly TextWriter _progress;
    private readonly LoadPeer?[] _peers;
    private long _joined;

    /// <summary>Prepares the group.</summary>
    public HoldGroup(LoadOptions options, ISignalingProtocol protocol, SocketConnector connector, string run, TextWriter progress)
    {
        _options = options;
        _protocol = protocol;
        _connector = connector;
        _run = run;
        _progress = progress;
        _peers = new LoadPeer?[options.Hold];
    }

    /// <summary>Counters of the held connections (errors, open connections).</summary>
    public LoadStats Stats { get; } = new();

    /// <summary>Connections that joined and were told they are paired.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>Opens and joins every held connection, <see cref="LoadOptions.Concurrency"/> pairs at a time.</summary>
    public async Task OpenAsync(CancellationToken ct)
    {
        using var progressCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = _options.Quiet ? Task.CompletedTask : PrintAsync(progressCts.Token);
        var pairs = _options.Hold / 2;
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(_options.Concurrency, pairs)).Select(_ => Task.Run(async () =>
        {
            int pair;
            while ((pair = Interlocked.Increment(ref next)) < pairs && !ct.IsCancellationRequested)
            {
                await OpenPairAsync(pair, ct).ConfigureAwait(false);
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        await progressCts.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            if (peer is not null)
            {
                await peer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task OpenPairAsync(int pair, CancellationToken ct)
    {
        var glasses = new LoadPeer(new PeerIdentity(_run, pair, 0, "h"), _protocol, null, Stats, HeldBufferSize);
        var app = new LoadPeer(new PeerIdentity(_run, pair, 1, "h"), _protocol, null, Stats, HeldBufferSize);
        _peers[pair * 2] = glasses;
        _peers[(pair * 2) + 1] = app;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            await glasses.ConnectAsync(_options.ServerFor(pair, 0), _connector, cts.Token).ConfigureAwait(false);
            await glasses.SendJoinAsync(cts.Token).ConfigureAwait(false);
            await app.ConnectAsync(_options.ServerFor(pair, 1), _connector, cts.Token).ConfigureAwait(false);
            await app.SendJoinAsync(cts.Token).ConfigureAwait(false);
            var ready = Task.WhenAll(glasses.Ready, app.Ready);
            var failed = Task.WhenAny(glasses.Failed, app.Failed);
            if (await Task.WhenAny(ready, failed).WaitAsync(cts.Token).ConfigureAwait(false) == ready)
            {
                Interlocked.Add(ref _joined, 2);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Stats.AddError("timeout");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            Stats.AddError("connect");
        }
    }

    private async Task PrintAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                await _progress.WriteLineAsync($"[hold] joined {Joined}/{_options.Hold}  open {Stats.OpenConnections}  errors {Stats.ErrorCount}")
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
