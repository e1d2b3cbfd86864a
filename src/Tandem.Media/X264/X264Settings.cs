using System.Globalization;

namespace Tandem.Media.X264;

/// <summary>
/// How <see cref="X264EncoderOptions"/> become x264 settings (the option names of x264's command line,
/// applied through <c>x264_param_parse</c> after the preset and the <c>zerolatency</c> tune).
/// </summary>
internal static class X264Settings
{
    /// <summary>The profile applied last: x264 writes profile_idc 66 with constraint_set1 — Constrained Baseline (RFC 6184 §8.1, Table 5).</summary>
    public const string Profile = "baseline";

    /// <summary>Fills <paramref name="parameters"/> from <paramref name="options"/>.</summary>
    public static void Apply(X264Parameters parameters, X264EncoderOptions options)
    {
        parameters.VerifyLayout();

        // x264_param_parse has no key for the picture size; the head of x264_param_t was just verified.
        parameters.Head.Width = options.Width;
        parameters.Head.Height = options.Height;

        parameters.Set("fps", options.FrameRate.ToString("R", CultureInfo.InvariantCulture));
        SetRate(parameters, options.Bitrate, options.RateBuffer);
        parameters.Set("keyint", options.KeyframeInterval == 0 ? "infinite" : options.KeyframeInterval.ToString(CultureInfo.InvariantCulture));

        // No scene-cut IDRs: like a hardware encoder, IDRs come only periodically and on request.
        parameters.Set("scenecut", 0);
        parameters.Set("bframes", 0);
        parameters.Set("rc-lookahead", 0);
        parameters.Set("sync-lookahead", 0);
        parameters.Set("threads", options.Threads);
        parameters.Set("sliced-threads", "1");
        parameters.Set("repeat-headers", "1");
        parameters.Set("annexb", "1");
        parameters.Set("aud", "0");

        // x264.h: X264_LOG_ERROR (0) — only failures reach stderr.
        parameters.Set("log", 0);
        if (options.Level is { } level)
        {
            parameters.Set("level", level);
        }

        parameters.ApplyProfile(Profile);
    }

    /// <summary>Sets average bitrate, VBV maximum rate (the same: a cap) and VBV buffer, all in kbit(/s) as x264 takes them.</summary>
    public static void SetRate(X264Parameters parameters, int bitsPerSecond, TimeSpan buffer)
    {
        var (kbps, bufferKbit) = RateKbit(bitsPerSecond, buffer);
        parameters.Set("bitrate", kbps);
        parameters.Set("vbv-maxrate", kbps);
        parameters.Set("vbv-bufsize", bufferKbit);
    }

    /// <summary>The bitrate in kbit/s and the buffer in kbit.</summary>
    public static (int Kbps, int BufferKbit) RateKbit(int bitsPerSecond, TimeSpan buffer)
    {
        int kbps = Math.Max(1, (bitsPerSecond + 500) / 1000);
        return (kbps, Math.Max(1, (int)Math.Round(kbps * buffer.TotalSeconds)));
    }
}
