using System.Net.WebSockets;
using System.Text.Json;

namespace Tandem.Client.Signaling;

/// <summary>
/// A device's or app's connection to the signaling server (PROTOCOL.md): joins with its id, follows
/// the role message, relays offer/answer/ICE to the peer, and after a drop reconnects with
/// exponential backoff and jitter and joins again, so the server resumes its slot (R30).
/// Events are raised on the channel's receive loop: keep handlers short, and do not throw from them.
/// </summary>
public sealed partial class SignalingChannel : IAsyncDisposable
{
    private readonly SignalingChannelOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private ClientWebSocket? _socket;
    private Task? _run;
    private volatile SignalingState _state;
    private volatile RoleAssignment? _role;
    private int _disposed;
    private volatile bool _stopping;

    /// <summary>Creates a channel; nothing is sent before <see cref="StartAsync"/>.</summary>
    public SignalingChannel(SignalingChannelOptions options)
    {
        if (!options.DeviceId.StartsWith("glasses_", StringComparison.Ordinal) && !options.DeviceId.StartsWith("app_", StringComparison.Ordinal))
        {
            throw new ArgumentException($"device id '{options.DeviceId}' must be glasses_<uid> or app_<uid>", nameof(options));
        }

        _options = options;
    }

    /// <summary>State changes (connecting, joined, paired, reconnecting, closed).</summary>
    public event Action<SignalingState>? StateChanged;

    /// <summary>A role message arrived: the pair is complete, or resumed after a reconnect.</summary>
    public event Action<RoleAssignment>? RoleAssigned;

    /// <summary>An offer, answer or ICE candidate from the peer.</summary>
    public event Action<PeerMessage>? PeerMessageReceived;

    /// <summary>The peer left, or its reconnect grace ran out.</summary>
    public event Action<PeerLeft>? PeerLeft;

    /// <summary>The server sent an error.</summary>
    public event Action<SignalingError>? ErrorReceived;

    /// <summary>This side's id.</summary>
    public string DeviceId => _options.DeviceId;

    /// <summary>Where the channel is.</summary>
    public SignalingState State => _state;

    /// <summary>The latest role, while paired.</summary>
    public RoleAssignment? Role => _role;

    /// <summary>
    /// Connects and joins. Throws <see cref="SignalingException"/> when the server cannot be reached
    /// after <see cref="SignalingChannelOptions.StartAttempts"/> tries, or at once when its certificate is
    /// not trusted (then with an <see cref="UntrustedServerCertificateException"/> inside).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_run is not null || _state == SignalingState.Closed)
        {
            throw new InvalidOperationException("the channel was already started");
        }

        Exception? last = null;
        for (var attempt = 0; attempt < _options.StartAttempts; attempt++)
        {
            try
            {
                await ConnectAndJoinAsync(SignalingState.Connecting, cancellationToken).ConfigureAwait(false);
                _run = Task.Run(RunAsync, CancellationToken.None);
                return;
            }
            catch (SignalingException e) when (IsUntrusted(e))
            {
                SetState(SignalingState.Closed);
                throw;
            }
            catch (Exception e) when (IsConnectFailure(e) && !IsUntrusted(e) && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                await Task.Delay(ReconnectDelay(attempt), _options.Time, cancellationToken).ConfigureAwait(false);
            }
        }

        SetState(SignalingState.Closed);
        throw new SignalingException($"cannot reach the signaling server at {_options.Server} ({last?.Message}): check the address and that the server is running", last);
    }

    /// <summary>Sends an offer, answer or ICE candidate to the peer; <paramref name="data"/> is forwarded as is (R36).</summary>
    public async Task SendAsync(PeerMessageType type, JsonElement data, CancellationToken cancellationToken = default)
    {
        if (_role is not { } role || _state != SignalingState.Paired)
        {
            throw new SignalingException($"no peer to send the {ClientMessages.WireName(type)} to yet: wait for the role message");
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("data must be a JSON object (R14)", nameof(data));
        }

        await SendRawAsync(ClientMessages.Relay(DeviceId, type, role.PeerId, data, ClientMessages.Micros(_options.Time)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaves the room and joins it again on the same connection (R25, R17), so the pairing starts
    /// afresh: a restarted answerer uses it when a resumed role (R30) finds it without the peer
    /// connection its predecessor had, so that the peer drops that connection and offers anew.
    /// </summary>
    public async Task RejoinAsync(CancellationToken cancellationToken = default)
    {
        _role = null;
        await SendRawAsync(ClientMessages.Leave(DeviceId, ClientMessages.Micros(_options.Time)), cancellationToken).ConfigureAwait(false);
        SetState(SignalingState.Joined);
        await SendRawAsync(ClientMessages.Join(DeviceId, ClientMessages.Micros(_options.Time)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves the room, closes the socket and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Leave and close while the receive loop still runs: it ends when the server answers the close.
        _stopping = true;
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await SendRawAsync(ClientMessages.Leave(DeviceId, ClientMessages.Micros(_options.Time)), timeout.Token).ConfigureAwait(false);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SignalingException or WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                socket.Abort();
            }
        }

        if (_run is not null && await Task.WhenAny(_run, Task.Delay(TimeSpan.FromSeconds(2), _options.Time)).ConfigureAwait(false) != _run)
        {
            _socket?.Abort();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }

        _socket?.Dispose();
        SetState(SignalingState.Closed);
        _stop.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>Test hook: drops the socket without a close handshake, as a lost network does.</summary>
    internal void AbortTransport() => _socket?.Abort();

    /// <summary>Test hook: stops as a killed process does: no leave, no close handshake, no reconnect.</summary>
    internal async ValueTask DropForTestingAsync()
    {
        _stopping = true;
        _socket?.Abort();
        await DisposeAsync().ConfigureAwait(false);
    }

    private async Task SendRawAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var socket = _socket ?? throw new SignalingException("not connected: the channel is reconnecting");
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            throw new SignalingException("the connection to the signaling server was lost; the channel reconnects on its own", e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void SetState(SignalingState state)
    {
        if (_state != state)
        {
            _state = state;
            StateChanged?.Invoke(state);
        }
    }
}
