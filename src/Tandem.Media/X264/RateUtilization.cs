namespace Tandem.Media.X264;

/// <summary>
/// The share of its configured rate x264 spent over the last second of pictures, and the rate to configure so that
/// what it spends is the caller's target. Under a VBV maximum equal to its bitrate x264 settles 2–6 % under the rate
/// (the 720p test pattern at 0.4–1.4 Mbit/s), 7 % under a congestion controller's moving target (bench/bwe.sh's cap): the
/// network's target was left unspent. A second spent under <see cref="ContentLimited"/> of the rate is the content's
/// doing (a still scene), not the rate control's, and gets nothing more: a boost there would come out as an overshoot
/// once the scene moves; so would one measured over the pictures after a cut (<see cref="Reset"/>). The boost is at
/// most 1 / <see cref="MinimumUtilization"/>. Encoding thread only; allocates nothing per picture.
/// </summary>
internal sealed class RateUtilization
{
    /// <summary>Spending less than this share of the rate is the content, not the rate control.</summary>
    public const double ContentLimited = 0.8;

    /// <summary>The lowest share the configured rate makes up for (a boost of at most 1 / 0.9).</summary>
    public const double MinimumUtilization = 0.9;

    private readonly long[] _spent;
    private readonly long[] _budget;
    private int _next;
    private int _count;
    private long _spentSum;
    private long _budgetSum;

    /// <summary>Keeps a second of pictures at <paramref name="frameRate"/>.</summary>
    public RateUtilization(double frameRate)
    {
        var pictures = Math.Max(1, (int)Math.Round(frameRate));
        _spent = new long[pictures];
        _budget = new long[pictures];
        FrameRate = frameRate;
    }

    private double FrameRate { get; }

    /// <summary>The share of the configured rate spent over the last second, or null until a second has been seen.</summary>
    public double? Utilization => _count < _spent.Length || _budgetSum == 0 ? null : (double)_spentSum / _budgetSum;

    /// <summary>Records a picture of <paramref name="bytes"/> encoded at <paramref name="configuredBitrate"/>.</summary>
    public void OnPicture(int bytes, int configuredBitrate)
    {
        var spent = bytes * 8L;
        var budget = (long)(configuredBitrate / FrameRate);
        _spentSum += spent - _spent[_next];
        _budgetSum += budget - _budget[_next];
        _spent[_next] = spent;
        _budget[_next] = budget;
        _next = (_next + 1) % _spent.Length;
        _count = Math.Min(_count + 1, _spent.Length);
    }

    /// <summary>
    /// Forgets the pictures seen: after a cut x264 spends little while it empties what the old rate saved up, and a boost
    /// measured on those pictures would overshoot the lower rate just when the link needs it kept.
    /// </summary>
    public void Reset()
    {
        Array.Clear(_spent);
        Array.Clear(_budget);
        _next = _count = 0;
        _spentSum = _budgetSum = 0;
    }

    /// <summary>The rate to configure for x264 to spend <paramref name="target"/> bits per second.</summary>
    public int RateFor(int target) =>
        Utilization is >= ContentLimited and < 1 and var share ? (int)Math.Min(target / Math.Max(share, MinimumUtilization), 100_000_000) : target;
}
