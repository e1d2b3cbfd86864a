using Tandem.Client.Streams;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// The phone app's side (<c>app_&lt;uid&gt;</c>): receives the glasses' H.264 (written in order to an
/// Annex-B recorder, asking for a keyframe after damage) and Opus (decoded with concealment of gaps
/// to a WAV recorder), sends its own audio, and measures how far video and audio of one capture
/// instant arrive apart (<see cref="AvOffset"/>).
/// </summary>
public sealed class AppSession : PeerSession
{
    private readonly AudioSender? _audio;
    private readonly H264Recorder _video;
    private readonly OpusRecorder _sound;
    private readonly AvOffsetMeter _offset;
    private readonly string _cname = "tandem-" + Guid.NewGuid().ToString("N")[..12];
    private Task _pump = Task.CompletedTask;

    /// <summary>
    /// Creates the app session. <paramref name="videoOutput"/> receives Annex-B, <paramref name="wavOutput"/>
    /// a 16 kHz mono WAV (either may be null: then it only counts); <paramref name="audio"/> is what it sends.
    /// </summary>
    public AppSession(SessionOptions options, MediaClock clock, IAudioSource? audio, Stream? videoOutput, Stream? wavOutput)
        : base(options, RtcEndpoint.App)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Clock = clock;
        _audio = audio is not null && options.Features.Audio ? new AudioSender(audio, clock) : null;
        _video = new H264Recorder(videoOutput);
        _sound = new OpusRecorder(wavOutput, options.Features.AudioSampleRate);
        var ssrcs = new RemoteSsrcs();
        _offset = new AvOffsetMeter(options.PeerConnection.TimeProvider, ssrcs.Video, ssrcs.Audio);
    }

    /// <summary>The shared capture clock.</summary>
    public MediaClock Clock { get; }

    /// <summary>Video access units recorded (frames, bytes, keyframes).</summary>
    public StreamCounters VideoReceived => _video.Received;

    /// <summary>Audio packets received.</summary>
    public StreamCounters AudioReceived => _sound.Received;

    /// <summary>Audio packets sent.</summary>
    public StreamCounters AudioSent => _audio?.Sent ?? new StreamCounters();

    /// <summary>Audio decoded and recorded so far.</summary>
    public TimeSpan AudioDuration => _sound.Duration;

    /// <summary>
    /// How much later video arrives than audio of the same capture instant (sender clock via RTCP
    /// SRs), averaged over the call; null until both streams had an SR.
    /// </summary>
    public TimeSpan? AvOffset => _offset.Offset;

    /// <inheritdoc />
    protected override Task OnStartingAsync(CancellationToken cancellationToken)
    {
        if (_audio is not null)
        {
            _pump = Task.Run(async () =>
            {
                try
                {
                    await _audio.RunAsync(() => PeerConnection, Stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException)
                {
                    ReportError(new SessionError(SessionErrorCode.MediaSourceFailed, "the audio source failed: " + e.Message));
                }
            }, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async ValueTask OnStoppingAsync()
    {
        await _pump.ConfigureAwait(false);
        _video.Dispose();
        _sound.Dispose();
    }

    /// <inheritdoc />
    protected override PeerConnectionOptions ConfigurePeerConnection(PeerConnectionOptions options) => options with
    {
        Cname = _cname,
        AudioReportClock = _audio is null ? null : _audio.ReportClock,
    };

    /// <inheritdoc />
    protected override void OnPeerConnectionCreated(PeerConnection connection)
    {
        _video.Reset();
        _sound.Reset();
        connection.VideoFrameReceived += frame => OnVideoFrame(connection, frame);
        connection.AudioPacketReceived += (packet, timestamp, sequence) =>
        {
            _sound.Write(packet, sequence);
            _offset.OnAudio(connection, timestamp);
        };
    }

    /// <inheritdoc />
    protected override void OnMediaStarted(PeerConnection connection) => connection.RequestKeyframe();

    private void OnVideoFrame(PeerConnection connection, H264Frame frame)
    {
        if (_video.Write(frame))
        {
            connection.RequestKeyframe();
        }

        _offset.OnVideo(connection, frame.RtpTimestamp);
    }
}
