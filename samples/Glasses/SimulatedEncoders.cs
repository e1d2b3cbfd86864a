using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Opus;
using Tandem.Media.RawVideo;
using Tandem.Media.X264;

namespace Tandem.Samples.Glasses;

/// <summary>What a hardware encoder's output callback receives: one access unit (valid during the call) and its capture instant.</summary>
internal delegate void EncodedFrameCallback(ReadOnlySpan<byte> annexB, MediaInstant capturedAt);

/// <summary>What an audio DSP's output callback receives: one Opus packet (valid during the call) and its capture instant.</summary>
internal delegate void EncodedAudioCallback(ReadOnlySpan<byte> opusPacket, MediaInstant capturedAt);

/// <summary>
/// Stands in for the glasses' camera and hardware H.264 encoder: pictures of a test pattern, 30 fps,
/// encoded in this process by libx264 and handed to a callback the way a vendor encoder API does.
/// <see cref="ForceIdr"/> makes the next picture an IDR, as such APIs offer.
/// </summary>
internal sealed class SimulatedCameraEncoder(MediaClock clock) : IDisposable
{
    private readonly X264Encoder _encoder = new(new X264EncoderOptions { Width = 320, Height = 240, FrameRate = 30, Bitrate = 400_000 });

    /// <summary>Raised on the encoder's thread for each access unit.</summary>
    public event EncodedFrameCallback? Encoded;

    /// <summary>Pictures encoded.</summary>
    public long Frames => _encoder.FramesEncoded;

    /// <summary>The next picture is an IDR (takes effect on the encoder's thread; returns at once).</summary>
    public void ForceIdr() => _encoder.RequestKeyframe();

    /// <summary>Captures and encodes until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var camera = new TestPatternVideoSource(320, 240, 30, clock);
        var picture = new RawVideoFrame(320, 240);
        while (await camera.ReadFrameAsync(picture, cancellationToken))
        {
            EncodeOne(picture);
        }
    }

    public void Dispose() => _encoder.Dispose();

    // Not async: the encoded frame is a ref struct, valid until the next Encode.
    private void EncodeOne(RawVideoFrame picture)
    {
        var frame = _encoder.Encode(picture.AsI420(), picture.CaptureTime);
        Encoded?.Invoke(frame.AnnexB, frame.CaptureTime);
    }
}

/// <summary>Stands in for the glasses' microphone and audio DSP that encodes Opus itself: a 440 Hz tone, 20 ms packets.</summary>
internal sealed class SimulatedMicrophoneEncoder(MediaClock clock)
{
    /// <summary>Raised for each packet.</summary>
    public event EncodedAudioCallback? Encoded;

    /// <summary>Captures and encodes until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var microphone = new ToneAudioSource(clock, new ToneGenerator(16_000, 440, 0.3));
        using var opus = new OpusEncoder();
        var pcm = new short[microphone.Format.FrameLength];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        while (await microphone.ReadFrameAsync(pcm, cancellationToken) is { } capturedAt)
        {
            Encoded?.Invoke(packet.AsSpan(0, opus.Encode(pcm, packet)), capturedAt);
        }
    }
}
