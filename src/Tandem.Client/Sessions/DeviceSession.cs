using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// The glasses' side (<c>glasses_&lt;uid&gt;</c>): sends H.264 from an <see cref="IVideoSource"/> and
/// Opus from an <see cref="IAudioSource"/>, both stamped on one <see cref="MediaClock"/> (one CNAME,
/// SRs from that clock: lip sync), receives the app's audio, and answers PLI/FIR with an IDR request
/// to the encoder. The profile-level-id it offers is that of the encoder's first SPS.
/// </summary>
public sealed class DeviceSession : PeerSession
{
    private readonly VideoSender? _video;
    private readonly AudioSender? _audio;
    private readonly OpusRecorder _received;
    private readonly string _cname = "tandem-" + Guid.NewGuid().ToString("N")[..12];
    private Task _pumps = Task.CompletedTask;

    /// <summary>
    /// Creates the device session; <paramref name="video"/> and <paramref name="audio"/> may be null (nothing
    /// sent). The app's audio is decoded to <paramref name="receivedAudioOutput"/> as a 16 kHz mono WAV stream
    /// (a file, or a player's stdin) when given.
    /// </summary>
    public DeviceSession(SessionOptions options, MediaClock clock, IVideoSource? video, IAudioSource? audio, Stream? receivedAudioOutput = null)
        : base(options, RtcEndpoint.Device)
    {
        _received = new OpusRecorder(receivedAudioOutput, options.Features.AudioSampleRate);
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        _video = video is not null && options.Features.Video ? new VideoSender(video, clock) : null;
        _audio = audio is not null && options.Features.Audio ? new AudioSender(audio, clock) : null;
    }

    /// <summary>The shared capture clock.</summary>
    public MediaClock Clock { get; }

    /// <summary>Video frames sent.</summary>
    public StreamCounters VideoSent => _video?.Sent ?? new StreamCounters();

    /// <summary>Audio packets sent.</summary>
    public StreamCounters AudioSent => _audio?.Sent ?? new StreamCounters();

    /// <summary>Audio packets received from the app.</summary>
    public StreamCounters AudioReceived => _received.Received;

    /// <summary>The H.264 profile-level-id offered (from the first SPS, else the default).</summary>
    public string? VideoProfileLevelId => _video?.ProfileLevelId;

    /// <inheritdoc />
    protected override async Task OnStartingAsync(CancellationToken cancellationToken)
    {
        if (_video is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _video.PrimeAsync(timeout.Token).ConfigureAwait(false);
        }

        var video = _video is null ? Task.CompletedTask : PumpAsync("video", () => _video.RunAsync(() => PeerConnection, Stopping));
        var audio = _audio is null ? Task.CompletedTask : PumpAsync("audio", () => _audio.RunAsync(() => PeerConnection, Stopping));
        _pumps = Task.WhenAll(video, audio);
    }

    /// <summary>Runs a pump on the thread pool; a source that fails is reported and the call goes on without it.</summary>
    private Task PumpAsync(string what, Func<Task> pump) => Task.Run(async () =>
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

    /// <inheritdoc />
    protected override async ValueTask OnStoppingAsync()
    {
        await _pumps.ConfigureAwait(false);
        _received.Dispose();
    }

    /// <inheritdoc />
    protected override PeerConnectionOptions ConfigurePeerConnection(PeerConnectionOptions options) => options with
    {
        Cname = _cname,
        VideoProfileLevelId = _video?.ProfileLevelId ?? options.VideoProfileLevelId,
        VideoReportClock = _video is null ? null : _video.ReportClock,
        AudioReportClock = _audio is null ? null : _audio.ReportClock,
    };

    /// <inheritdoc />
    protected override void OnPeerConnectionCreated(PeerConnection connection)
    {
        _received.Reset();
        if (_video is not null)
        {
            connection.KeyframeRequested += _video.RequestKeyframe;
            connection.TargetBitrateChanged += _video.SetTargetBitrate;
        }

        connection.AudioPacketReceived += (packet, _, sequence) => _received.Write(packet, sequence);
    }

    /// <inheritdoc />
    protected override void OnMediaStarted(PeerConnection connection) => _video?.RequestKeyframe();
}
