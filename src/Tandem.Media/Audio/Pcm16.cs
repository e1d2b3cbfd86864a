namespace Tandem.Media.Audio;

/// <summary>Level measurements on 16-bit PCM.</summary>
internal static class Pcm16
{
    /// <summary>Root mean square of the samples (0 for an empty span).</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>Largest absolute sample value.</summary>
    public static int Peak(ReadOnlySpan<short> samples)
    {
        int peak = 0;
        foreach (short s in samples)
        {
            peak = Math.Max(peak, Math.Abs((int)s));
        }

        return peak;
    }

    /// <summary>RMS level in dBFS (0 dBFS = full-scale square wave; a full-scale sine is about −3 dBFS); −∞ for silence.</summary>
    public static double LevelDbfs(ReadOnlySpan<short> samples)
    {
        double rms = Rms(samples);
        return rms == 0 ? double.NegativeInfinity : 20 * Math.Log10(rms / 32768.0);
    }

    /// <summary>
    /// The audio level as RFC 6464 carries it: 0 (loudest) to 127 (silence), −dBov of the RMS level.
    /// </summary>
    public static byte AudioLevel(ReadOnlySpan<short> samples)
    {
        double dbfs = LevelDbfs(samples);
        return double.IsNegativeInfinity(dbfs) ? (byte)127 : (byte)Math.Clamp(Math.Round(-dbfs), 0, 127);
    }

    /// <summary>Whether the RMS level is below <paramref name="thresholdDbfs"/>.</summary>
    public static bool IsSilent(ReadOnlySpan<short> samples, double thresholdDbfs = -60) => LevelDbfs(samples) < thresholdDbfs;
}
