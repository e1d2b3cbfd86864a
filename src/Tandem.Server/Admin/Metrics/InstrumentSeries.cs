using System.Diagnostics.Metrics;

namespace Tandem.Server.Admin.Metrics;

/// <summary>How an instrument maps to a Prometheus metric type.</summary>
internal enum PrometheusKind
{
    /// <summary>A monotonic sum, exported with the <c>_total</c> suffix.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets plus <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}

/// <summary>The aggregated series of one instrument, one value per label set. Not thread-safe: the exporter locks.</summary>
internal sealed class InstrumentSeries
{
    // Defaults when the instrument gives no bucket advice, chosen for its unit: seconds suit
    // time-to-pair (a pairing takes from milliseconds to the 30 s room timeout), milliseconds
    // suit forwarding latency (sub-millisecond on an idle server, tens of ms under load).
    private static readonly double[] SecondBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] MillisecondBounds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000];
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Dictionary<string, SeriesValue> _values;

    public InstrumentSeries(Instrument instrument)
        : this(instrument, KindOf(instrument), BoundsOf(instrument), new Dictionary<string, SeriesValue>(StringComparer.Ordinal))
    {
    }

    private InstrumentSeries(Instrument instrument, PrometheusKind kind, double[] bounds, Dictionary<string, SeriesValue> values)
    {
        Instrument = instrument;
        Kind = kind;
        Bounds = bounds;
        _values = values;
    }

    public Instrument Instrument { get; }

    public PrometheusKind Kind { get; }

    /// <summary>Upper bucket bounds, ascending (histograms only); +Inf is implied.</summary>
    public double[] Bounds { get; }

    /// <summary>The series, by rendered label list (sorted, so equal tag sets share a key).</summary>
    public IReadOnlyDictionary<string, SeriesValue> Values => _values;

    public static PrometheusKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (definition == typeof(Histogram<>))
        {
            return PrometheusKind.Histogram;
        }

        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? PrometheusKind.Counter : PrometheusKind.Gauge;
    }

    /// <summary>Adds a measurement of a synchronous instrument.</summary>
    public void Add(string labels, double value)
    {
        var series = Get(labels);
        if (Kind != PrometheusKind.Histogram)
        {
            series.Value += value;
            return;
        }

        var bucket = 0;
        while (bucket < Bounds.Length && value > Bounds[bucket])
        {
            bucket++;
        }

        series.Buckets[bucket]++;
        series.Sum += value;
        series.Count++;
    }

    /// <summary>Sets the value an observable instrument reported at this scrape.</summary>
    public void Set(string labels, double value) => Get(labels).Value = value;

    /// <summary>A deep copy, to render outside the lock.</summary>
    public InstrumentSeries Copy() => new(Instrument, Kind, Bounds, _values.ToDictionary(kv => kv.Key, kv => kv.Value.Copy(), StringComparer.Ordinal));

    private SeriesValue Get(string labels)
    {
        if (!_values.TryGetValue(labels, out var series))
        {
            series = new SeriesValue(Kind == PrometheusKind.Histogram ? Bounds.Length + 1 : 0);
            _values[labels] = series;
        }

        return series;
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        var advice = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        return advice ?? instrument.Unit switch
        {
            "s" => SecondBounds,
            "ms" => MillisecondBounds,
            _ => DefaultBounds,
        };
    }
}

/// <summary>One series' value: a number, or a histogram's per-bucket (non-cumulative) counts, sum and count.</summary>
internal sealed class SeriesValue(int buckets)
{
    public double Value { get; set; }

    public long[] Buckets { get; private init; } = new long[buckets];

    public double Sum { get; set; }

    public long Count { get; set; }

    public SeriesValue Copy() => new(0) { Value = Value, Buckets = (long[])Buckets.Clone(), Sum = Sum, Count = Count };
}
