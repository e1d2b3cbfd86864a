namespace Tandem.WebRtc.Payloads.Opus;

/// <summary>
/// The Opus RTP payload format (RFC 7587, https://www.rfc-editor.org/rfc/rfc7587): one Opus
/// packet per RTP payload, as is (§4.2), and an RTP clock of 48 kHz whatever the codec's
/// internal sampling rate (§4.1) — so 20 ms of 16 kHz audio advance the timestamp by 960.
/// </summary>
internal static class OpusRtp
{
    /// <summary>RFC 7587 §4.1: the RTP clock rate, always 48000 Hz.</summary>
    public const int ClockRate = 48000;

    /// <summary>RTP ticks per millisecond.</summary>
    public const int TicksPerMillisecond = ClockRate / 1000;

    /// <summary>RFC 7587 §7: the SDP encoding name is always opus/48000/2.</summary>
    public const string SdpRtpMap = "opus/48000/2";

    /// <summary>RTP timestamp increment for <paramref name="samples"/> samples (per channel) at <paramref name="sampleRate"/> Hz.</summary>
    public static uint SamplesToTicks(int samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        return (uint)((long)samples * ClockRate / sampleRate);
    }

    /// <summary>Samples (per channel) at <paramref name="sampleRate"/> Hz covered by <paramref name="ticks"/> RTP ticks.</summary>
    public static int TicksToSamples(uint ticks, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        return (int)((long)ticks * sampleRate / ClockRate);
    }

    /// <summary>RTP timestamp increment for a duration (e.g. 20 ms → 960).</summary>
    public static uint DurationToTicks(TimeSpan duration) => (uint)(duration.Ticks * ClockRate / TimeSpan.TicksPerSecond);

    /// <summary>The duration of <paramref name="ticks"/> RTP ticks.</summary>
    public static TimeSpan TicksToDuration(uint ticks) => TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / ClockRate);

    /// <summary>
    /// Reads the audio duration of an Opus packet, in 48 kHz ticks, from its TOC byte and frame
    /// count (RFC 6716 §3.1–§3.2). False for an empty or malformed packet, or one over 120 ms
    /// (RFC 6716 §3.2.5 limit). Lets a receiver tell how far the next timestamp should be.
    /// </summary>
    public static bool TryGetDurationTicks(ReadOnlySpan<byte> opusPacket, out int ticks)
    {
        ticks = 0;
        if (opusPacket.IsEmpty)
        {
            return false;
        }

        var toc = opusPacket[0];
        var frameTicks = FrameTicks(toc >> 3);
        int frames;
        switch (toc & 0x03)
        {
            case 0:
                frames = 1;
                break;
            case 1 or 2:
                frames = 2;
                break;
            default:
                // RFC 6716 §3.2.5: code 3 carries the frame count in the low 6 bits of byte 1.
                if (opusPacket.Length < 2 || (opusPacket[1] & 0x3F) == 0)
                {
                    return false;
                }

                frames = opusPacket[1] & 0x3F;
                break;
        }

        ticks = frames * frameTicks;
        if (ticks > 120 * TicksPerMillisecond)
        {
            ticks = 0;
            return false;
        }

        return true;
    }

    /// <summary>RFC 6716 §3.1 Table 2: frame size of each TOC configuration, in 48 kHz ticks.</summary>
    private static int FrameTicks(int config) => config switch
    {
        < 12 => (config & 3) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 },
        < 16 => (config & 1) == 0 ? 480 : 960,
        _ => (config & 3) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 },
    };
}
