using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// What a session receives, wired to each new peer connection: the peer's audio through the one
/// <see cref="AudioReceiver"/> path, its video (app side) through a <see cref="VideoReceiver"/> that asks
/// the sender for a keyframe after damage, both placed on the session's <see cref="MediaClock"/> through
/// the connection's <see cref="WebRtc.Media.RtpMediaTimeline"/>, and the A/V offset meter (app side).
/// </summary>
internal sealed class MediaReceivers : IAsyncDisposable
{
    private readonly MediaClock _clock;
    private readonly RemoteSsrcs _ssrcs = new();
    private Task _pumps = Task.CompletedTask;

    /// <summary>Creates the receive paths; <paramref name="receiveVideo"/> adds video and the A/V offset meter.</summary>
    public MediaReceivers(MediaClock clock, TimeProvider time, int sampleRate, IAudioSink? audio, bool receiveVideo, IVideoSink? video)
    {
        _clock = clock;
        Audio = new AudioReceiver(sampleRate, clock, audio, time);
        if (receiveVideo)
        {
            Video = new VideoReceiver(video);
            Offset = new AvOffsetMeter(time, _ssrcs.Video, _ssrcs.Audio);
        }
    }

    /// <summary>The peer's audio.</summary>
    public AudioReceiver Audio { get; }

    /// <summary>The peer's video (app side).</summary>
    public VideoReceiver? Video { get; }

    /// <summary>The lip-sync meter (app side).</summary>
    public AvOffsetMeter? Offset { get; }

    /// <summary>Starts the playout loop and the video sink's pump; a sink that fails goes to <paramref name="sinkFailed"/>.</summary>
    public void Start(Action<string, Exception> sinkFailed)
    {
        var audio = Task.Run(() => Audio.RunAsync(e => sinkFailed("audio", e)));
        var video = Video is null ? Task.CompletedTask : Task.Run(() => Video.RunAsync(e => sinkFailed("video", e)));
        _pumps = Task.WhenAll(audio, video);
    }

    /// <summary>A new peer connection: new streams, subscribed on its receive thread.</summary>
    public void Attach(PeerConnection connection)
    {
        Video?.Reset();
        Audio.Reset(rtpTimestamp => Presentation(connection, _ssrcs.Audio(connection), rtpTimestamp));
        connection.AudioPacketReceived += (packet, rtpTimestamp, sequence) =>
        {
            Audio.Write(packet, rtpTimestamp, sequence);
            Offset?.OnAudio(connection, rtpTimestamp);
        };
        if (Video is not null)
        {
            connection.VideoFrameReceived += frame => OnVideoFrame(connection, frame);
        }
    }

    /// <summary>Stops the playout loop and waits until the video sink took what was queued.</summary>
    public async ValueTask DisposeAsync()
    {
        Video?.Complete();
        await Audio.DisposeAsync().ConfigureAwait(false);
        await _pumps.ConfigureAwait(false);
    }

    private void OnVideoFrame(PeerConnection connection, H264Frame frame)
    {
        var presentation = Presentation(connection, _ssrcs.Video(connection), frame.RtpTimestamp);
        if (Video!.Write(frame.AnnexB, frame.RtpTimestamp, frame.IsKeyframe, frame.IsDamaged, _clock.Now, presentation))
        {
            connection.RequestKeyframe();
        }

        Offset?.OnVideo(connection, frame.RtpTimestamp);
    }

    private MediaInstant? Presentation(PeerConnection connection, uint? ssrc, uint rtpTimestamp) =>
        ssrc is { } s && connection.MediaTimeline is { } timeline && timeline.TryGetPresentationTime(s, rtpTimestamp, out var at)
            ? _clock.FromWallClock(at)
            : null;
}
