using System.Threading.Channels;
using Tandem.Client.Signaling;
using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// One side of a Tandem link (device or app): a <see cref="SignalingChannel"/> that joins the room,
/// and a <see cref="WebRtc.PeerConnections.PeerConnection"/> that follows the role message — the
/// offerer offers, the answerer answers (PROTOCOL.md R18, R36–R38) — with ICE trickled through the
/// server. A resumed role (R30) finds media either up (nothing to do) or down (the offerer restarts
/// ICE); a peer that is new (another DTLS fingerprint, or a fresh role) gets a new peer connection.
/// </summary>
/// <remarks>
/// Threading: every signaling message and peer connection event is queued and handled by one loop,
/// in arrival order, so negotiation never races with itself. Events are raised on that loop (data
/// channel text on the SCTP thread): keep handlers short and do not throw from them.
/// </remarks>
public abstract partial class PeerSession : IAsyncDisposable
{
    private readonly Channel<Func<Task>> _inbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly SignalingChannel _signaling;
    private readonly RtcEndpoint _endpoint;
    private Task _loop = Task.CompletedTask;
    private volatile PeerConnection? _pc;
    private volatile SessionState _state;
    private int _disposed;
    private volatile bool _signalingStarted;

    /// <summary>Creates a session; nothing is sent before <see cref="StartAsync"/>.</summary>
    private protected PeerSession(SessionOptions options, RtcEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Features.IsEmpty)
        {
            throw new ArgumentException("at least one of data channel, audio and video must be on", nameof(options));
        }

        Options = options;
        _endpoint = endpoint;
        _signaling = new SignalingChannel(options.Signaling);
        _signaling.RoleAssigned += role => Post(() => OnRoleAsync(role));
        _signaling.PeerMessageReceived += message => Post(() => OnPeerMessageAsync(message));
        _signaling.PeerLeft += left => Post(() => OnPeerLeftAsync(left));
        _signaling.ErrorReceived += error => Post(() => OnServerErrorAsync(error));
        _signaling.StateChanged += state => Post(() => OnSignalingStateAsync(state));
    }

    /// <summary>The pair is complete (or resumed after a reconnect): who offers, and the peer's id.</summary>
    public event Action<RoleAssignment>? Paired;

    /// <summary>ICE and DTLS are connected (raised each time the connection comes up).</summary>
    public event Action? Connected;

    /// <summary>SRTP is keyed: media can flow (raised once per DTLS session), with what was negotiated.</summary>
    public event Action<RtcNegotiatedMedia>? MediaStarted;

    /// <summary>The peer left, or did not come back within its grace period.</summary>
    public event Action<PeerLeft>? PeerLeft;

    /// <summary>Something went wrong; <see cref="SessionError.IsFatal"/> says whether the session stopped.</summary>
    public event Action<SessionError>? Error;

    /// <summary>The state changed.</summary>
    public event Action<SessionState>? StateChanged;

    /// <summary>A line worth logging about negotiation (e.g. "media is down: restarting ICE").</summary>
    public event Action<string>? Note;

    /// <summary>The options.</summary>
    public SessionOptions Options { get; }

    /// <summary>This side's id.</summary>
    public string DeviceId => _signaling.DeviceId;

    /// <summary>Where the session is.</summary>
    public SessionState State => _state;

    /// <summary>The latest role, while paired.</summary>
    public RoleAssignment? Role { get; private set; }

    /// <summary>The current peer connection, if any (a new one replaces it when the peer is new).</summary>
    public PeerConnection? PeerConnection => _pc;

    /// <summary>
    /// Connects to the server and joins; the session then follows the server on its own.
    /// </summary>
    /// <exception cref="SessionException">The server cannot be reached (<see cref="SessionErrorCode.ServerUnreachable"/>).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        SetState(SessionState.Connecting);
        if (Options.WarmUp)
        {
            // In the background while the session joins and waits for its peer; it never throws.
            _ = PeerConnection.WarmUpAsync(Stopping);
        }

        _loop = Task.Run(RunLoopAsync, CancellationToken.None);
        await OnStartingAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _signaling.StartAsync(cancellationToken).ConfigureAwait(false);
            _signalingStarted = true;
        }
        catch (SignalingException e)
        {
            SetState(SessionState.Closed);
            throw new SessionException(new SessionError(SessionErrorCode.ServerUnreachable, e.Message, IsFatal: true), e);
        }
    }

    /// <summary>Leaves the room, closes the peer connection and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _signaling.DisposeAsync().ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await OnStoppingAsync().ConfigureAwait(false);
        ClosePeerConnection();
        EndDataChannelWaits();
        SetState(SessionState.Closed);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Test hook: signaling stops as in a killed process (no leave); the peer connection is left as it is.</summary>
    internal ValueTask CrashSignalingForTestingAsync() => _signaling.DropForTestingAsync();

    /// <summary>Test hook: the signaling socket drops as on a lost network; the channel reconnects.</summary>
    internal void DropSignalingForTesting() => _signaling.AbortTransport();

    /// <summary>Called before signaling starts (e.g. to start the media pumps); must not wait for media.</summary>
    private protected virtual Task OnStartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once when the session is disposed, after the loop ended and before the peer connection closes.</summary>
    private protected virtual ValueTask OnStoppingAsync() => ValueTask.CompletedTask;

    /// <summary>Completes the options of a new peer connection (the device's profile-level-id, report clocks...).</summary>
    private protected virtual PeerConnectionOptions ConfigurePeerConnection(PeerConnectionOptions options) => options;

    /// <summary>A new peer connection was created: hook its media events here.</summary>
    private protected virtual void OnPeerConnectionCreated(PeerConnection connection)
    {
    }

    /// <summary>Media can flow on <paramref name="connection"/> (e.g. ask the encoder for an IDR).</summary>
    private protected virtual void OnMediaStarted(PeerConnection connection)
    {
    }

    /// <summary>Reports an error of a derived session's own (e.g. a media source that failed).</summary>
    private protected void ReportError(SessionError error) => RaiseError(error);

    /// <summary>Runs a media pump on the thread pool; a source that fails is reported and the call goes on without it.</summary>
    private protected Task RunPumpAsync(string what, Func<Task> pump) => Task.Run(async () =>
    {
        try
        {
            await pump().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException)
        {
            ReportError(new SessionError(SessionErrorCode.MediaSourceFailed, $"the {what} source failed: {e.Message}"));
        }
    });

    /// <summary>Token that is cancelled when the session is disposed.</summary>
    private protected CancellationToken Stopping => _stop.Token;

    private void Post(Func<Task> work) => _inbox.Writer.TryWrite(work);

    private async Task RunLoopAsync()
    {
        await foreach (var work in _inbox.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (_stop.IsCancellationRequested)
            {
                continue;
            }

            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SignalingException or InvalidOperationException or ArgumentException or ObjectDisposedException)
            {
                RaiseError(new SessionError(SessionErrorCode.NegotiationFailed, e.Message));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The loop is the session: a fault in one step is reported, and the next message still gets handled.
                RaiseError(new SessionError(SessionErrorCode.NegotiationFailed, $"{e.GetType().Name}: {e.Message}"));
            }
        }
    }

    private void SetState(SessionState state)
    {
        if (_state != state)
        {
            _state = state;
            StateChanged?.Invoke(state);
        }
    }

    private void RaiseError(SessionError error)
    {
        if (error.IsFatal)
        {
            SetState(SessionState.Closed);
        }

        Error?.Invoke(error);
    }

    private void RaiseNote(string text) => Note?.Invoke(text);

    /// <summary>
    /// The session's audio sender (<see cref="AudioSender.For"/>); what its pump's thread reports (no real-time
    /// priority) is raised as a <see cref="Note"/> from the session's loop.
    /// </summary>
    private protected AudioSender? CreateAudioSender(MediaClock clock, IAudioSource? pcm, IOpusSource? encoded)
    {
        var sender = AudioSender.For(Options.Features, clock, pcm, encoded);
        if (sender is not null)
        {
            sender.Note = text => Post(() =>
            {
                RaiseNote(text);
                return Task.CompletedTask;
            });
        }

        return sender;
    }
}
