using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// The phone app's side (<c>app_&lt;uid&gt;</c>): hands the glasses' H.264 to an <see cref="IVideoSink"/>
/// (decodable, in order, from a keyframe; a keyframe is asked for after damage) and their audio, decoded
/// after a jitter buffer with loss concealment, to an <see cref="IAudioSink"/>; sends its own audio; and
/// measures how far video and audio of one capture instant arrive apart (<see cref="AvOffset"/>).
/// </summary>
/// <remarks>
/// Both sinks are the application's: the session calls each from one task of its own, in order, and
/// never disposes them (dispose them after the session). Every frame carries its presentation time on
/// <see cref="Clock"/>, the same timeline for audio and video.
/// </remarks>
public sealed class AppSession : PeerSession
{
    private readonly AudioSender? _audio;
    private readonly MediaReceivers _received;
    private readonly string _cname = "tandem-" + Guid.NewGuid().ToString("N")[..12];
    private Task _pump = Task.CompletedTask;

    /// <summary>Creates the app session.</summary>
    /// <param name="options">Server, id, features.</param>
    /// <param name="clock">The shared clock: capture times of what it sends, presentation times of what it receives.</param>
    /// <param name="audio">The microphone (PCM, encoded here), or null.</param>
    /// <param name="video">Where received access units go, or null to only count them.</param>
    /// <param name="audioOutput">Where received audio goes (mono at <see cref="RtcFeatures.AudioSampleRate"/>), or null to only decode and count it.</param>
    /// <param name="encodedAudio">Opus the application encoded itself (instead of <paramref name="audio"/>), or null.</param>
    /// <exception cref="ArgumentException">Both <paramref name="audio"/> and <paramref name="encodedAudio"/> are given, or the audio sink's format does not match the session's.</exception>
    public AppSession(SessionOptions options, MediaClock clock, IAudioSource? audio = null, IVideoSink? video = null, IAudioSink? audioOutput = null, IOpusSource? encodedAudio = null)
        : base(options, RtcEndpoint.App)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        _audio = CreateAudioSender(clock, audio, encodedAudio);
        _received = new MediaReceivers(clock, options.PeerConnection.TimeProvider, options.Features.AudioSampleRate, audioOutput, receiveVideo: true, video);
    }

    /// <summary>The shared clock.</summary>
    public MediaClock Clock { get; }

    /// <summary>Video access units handed to the sink (frames, bytes, keyframes).</summary>
    public StreamCounters VideoReceived => _received.Video!.Received;

    /// <summary>Audio packets received.</summary>
    public StreamCounters AudioReceived => _received.Audio.Received;

    /// <summary>Audio packets sent.</summary>
    public StreamCounters AudioSent => _audio?.Sent ?? new StreamCounters();

    /// <summary>Audio played out so far (decoded, FEC-recovered and concealed).</summary>
    public TimeSpan AudioDuration => _received.Audio.Duration;

    /// <summary>
    /// How much later video arrives than audio of the same capture instant (sender clock via RTCP
    /// SRs), over the last seconds of the call; null until both streams had an SR.
    /// </summary>
    public TimeSpan? AvOffset => _received.Offset!.Offset;

    /// <inheritdoc />
    private protected override Task OnStartingAsync(CancellationToken cancellationToken)
    {
        _received.Start((what, e) => ReportError(new SessionError(SessionErrorCode.MediaSinkFailed, $"the {what} sink failed: {e.Message}")));
        if (_audio is not null)
        {
            _pump = RunPumpAsync("audio", () => _audio.RunAsync(() => PeerConnection, Stopping));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    private protected override async ValueTask OnStoppingAsync()
    {
        await _pump.ConfigureAwait(false);
        await _received.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    private protected override PeerConnectionOptions ConfigurePeerConnection(PeerConnectionOptions options) => options with
    {
        Cname = _cname,
        AudioReportClock = _audio is null ? null : _audio.ReportClock,
    };

    /// <inheritdoc />
    private protected override void OnPeerConnectionCreated(PeerConnection connection) => _received.Attach(connection);

    /// <inheritdoc />
    private protected override void OnMediaStarted(PeerConnection connection) => connection.RequestKeyframe();
}
