namespace Tandem.Media.Opus;

/// <summary>Sample-rate and frame-size rules of Opus (RFC 6716 §2, opus_encode/opus_decode docs).</summary>
internal static class OpusFormat
{
    internal static void Validate(int sampleRate, int channels)
    {
        if (sampleRate is not (8000 or 12000 or 16000 or 24000 or 48000))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Opus supports 8, 12, 16, 24 or 48 kHz.");
        }

        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Opus supports 1 or 2 channels.");
        }
    }

    internal static int SamplesPerChannel(int sampleRate, TimeSpan duration) =>
        (int)(duration.Ticks * sampleRate / TimeSpan.TicksPerSecond);

    // RFC 6716 §2.1.4: frames are 2.5, 5, 10, 20, 40 or 60 ms (the encoder also packs 80–120 ms).
    internal static bool IsValidEncoderFrame(int sampleRate, int samples)
    {
        int unit = sampleRate / 400;
        return samples > 0 && samples % unit == 0 && (samples / unit) is 1 or 2 or 4 or 8 or 16 or 24 or 32 or 40 or 48;
    }

    // opus_decode: the frame size for PLC/FEC must be a multiple of 2.5 ms.
    internal static bool IsMultipleOfMinimumFrame(int sampleRate, int samples) =>
        samples > 0 && samples % (sampleRate / 400) == 0;
}
