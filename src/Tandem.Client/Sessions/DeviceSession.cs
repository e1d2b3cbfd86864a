using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// The glasses' side (<c>glasses_&lt;uid&gt;</c>): sends H.264 from an <see cref="IVideoSource"/> (e.g. a
/// <see cref="PushVideoSource"/> fed from the encoder's callback) and Opus from PCM (<see cref="IAudioSource"/>,
/// encoded here) or already encoded (<see cref="IOpusSource"/>, e.g. a <see cref="PushOpusSource"/>), all stamped on one <see cref="MediaClock"/>
/// (one CNAME, SRs from that clock: lip sync); plays the app's audio into an <see cref="IAudioSink"/>;
/// answers PLI/FIR with a keyframe request to the encoder. The profile-level-id it offers is the one the
/// source declares (<see cref="IVideoSource.ProfileLevelId"/>), else that of the encoder's first SPS when it
/// came before the offer, else <see cref="PeerConnectionOptions.VideoProfileLevelId"/>.
/// </summary>
public sealed class DeviceSession : PeerSession
{
    private readonly VideoSender? _video;
    private readonly AudioSender? _audio;
    private readonly MediaReceivers _received;
    private readonly string _cname = "tandem-" + Guid.NewGuid().ToString("N")[..12];
    private Task _pumps = Task.CompletedTask;

    /// <summary>Creates the device session.</summary>
    /// <param name="options">Server, id, features.</param>
    /// <param name="clock">The shared capture clock of everything it sends.</param>
    /// <param name="video">The encoder's access units, or null to send none.</param>
    /// <param name="audio">The microphone (PCM, encoded here), or null.</param>
    /// <param name="receivedAudio">Where the app's audio goes (mono at <see cref="RtcFeatures.AudioSampleRate"/>), or null to only decode and count it.</param>
    /// <param name="encodedAudio">Opus the glasses encoded themselves (instead of <paramref name="audio"/>), or null.</param>
    /// <exception cref="ArgumentException">Both <paramref name="audio"/> and <paramref name="encodedAudio"/> are given, or the audio sink's format does not match the session's.</exception>
    public DeviceSession(SessionOptions options, MediaClock clock, IVideoSource? video, IAudioSource? audio, IAudioSink? receivedAudio = null, IOpusSource? encodedAudio = null)
        : base(options, RtcEndpoint.Device)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        _video = video is not null && options.Features.Video ? new VideoSender(video, clock) : null;
        _audio = CreateAudioSender(clock, audio, encodedAudio);
        _received = new MediaReceivers(clock, options.PeerConnection.TimeProvider, options.Features.AudioSampleRate, receivedAudio, receiveVideo: false, video: null);
    }

    /// <summary>The shared capture clock.</summary>
    public MediaClock Clock { get; }

    /// <summary>Video frames sent.</summary>
    public StreamCounters VideoSent => _video?.Sent ?? new StreamCounters();

    /// <summary>Audio packets sent.</summary>
    public StreamCounters AudioSent => _audio?.Sent ?? new StreamCounters();

    /// <summary>Audio packets received from the app.</summary>
    public StreamCounters AudioReceived => _received.Audio.Received;

    /// <summary>The app's audio played out so far (decoded, FEC-recovered and concealed).</summary>
    public TimeSpan AudioReceivedDuration => _received.Audio.Duration;

    /// <summary>
    /// Raised for each video frame once its last packet left for the network, with its way there (capture,
    /// encoder, pacer; <see cref="VideoSender.FrameSent"/>). Runs on the sending thread: keep it short.
    /// </summary>
    public event Action<VideoFrameTimeline>? VideoFrameSent
    {
        add
        {
            if (_video is not null)
            {
                _video.FrameSent += value;
            }
        }

        remove
        {
            if (_video is not null)
            {
                _video.FrameSent -= value;
            }
        }
    }

    /// <summary>The encoder's H.264 profile-level-id: declared by the source or read from its first SPS; null until known.</summary>
    public string? VideoProfileLevelId => _video?.ProfileLevelId;

    /// <inheritdoc />
    /// <remarks>
    /// Nothing waits for the encoder: the pumps start, the session joins at once, and the encoder's first
    /// keyframe goes out when both exist — the keyframe asked for the moment the connection's SRTP is keyed.
    /// </remarks>
    private protected override Task OnStartingAsync(CancellationToken cancellationToken)
    {
        _received.Start((what, e) => ReportError(new SessionError(SessionErrorCode.MediaSinkFailed, $"the {what} sink failed: {e.Message}")));
        var video = _video is null ? Task.CompletedTask : RunPumpAsync("video", () => _video.RunAsync(() => PeerConnection, Stopping));
        var audio = _audio is null ? Task.CompletedTask : RunPumpAsync("audio", () => _audio.RunAsync(() => PeerConnection, Stopping));
        _pumps = Task.WhenAll(video, audio);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    private protected override async ValueTask OnStoppingAsync()
    {
        await _pumps.ConfigureAwait(false);
        await _received.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    private protected override PeerConnectionOptions ConfigurePeerConnection(PeerConnectionOptions options) => options with
    {
        Cname = _cname,
        VideoProfileLevelId = _video?.ProfileLevelId ?? options.VideoProfileLevelId,
        VideoReportClock = _video is null ? null : _video.ReportClock,
        AudioReportClock = _audio is null ? null : _audio.ReportClock,
    };

    /// <inheritdoc />
    private protected override void OnPeerConnectionCreated(PeerConnection connection)
    {
        if (_video is not null)
        {
            connection.KeyframeRequested += _video.RequestKeyframe;
            connection.TargetBitrateChanged += _video.SetTargetBitrate;
            connection.VideoFrameSent += _video.OnFrameSent;
        }

        _received.Attach(connection);
    }

    /// <inheritdoc />
    private protected override void OnMediaStarted(PeerConnection connection) => _video?.RequestKeyframe();
}
