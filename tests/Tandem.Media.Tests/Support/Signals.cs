namespace Tandem.Media.Tests.Support;

/// <summary>Test-side signal maths, written independently of the code under test.</summary>
internal static class Signals
{
    public static short[] Sine(int sampleRate, double frequency, int samples, double amplitude = 0.5)
    {
        var pcm = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            pcm[i] = (short)(amplitude * short.MaxValue * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return pcm;
    }

    public static double Rms(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (short s in pcm)
        {
            sum += (double)s * s;
        }

        return pcm.IsEmpty ? 0 : Math.Sqrt(sum / pcm.Length);
    }

    /// <summary>Power at one frequency (Goertzel), normalised by length.</summary>
    public static double PowerAt(ReadOnlySpan<short> pcm, int sampleRate, double frequency)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (short x in pcm)
        {
            double s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return ((s1 * s1) + (s2 * s2) - (coefficient * s1 * s2)) / pcm.Length;
    }

    /// <summary>The best normalised cross-correlation of b against a over lags 0..maxLag (b delayed).</summary>
    public static double BestCorrelation(ReadOnlySpan<short> a, ReadOnlySpan<short> b, int maxLag, out int bestLag)
    {
        double best = double.MinValue;
        bestLag = 0;
        for (int lag = 0; lag <= maxLag; lag++)
        {
            int n = Math.Min(a.Length, b.Length - lag);
            double c = Correlation(a[..n], b.Slice(lag, n));
            if (c > best)
            {
                best = c;
                bestLag = lag;
            }
        }

        return best;
    }

    public static double Correlation(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }

        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }
}
