using System.Diagnostics.Metrics;

namespace Tandem.Server.Admin.Metrics;

/// <summary>
/// Collects the instruments of one <see cref="Meter"/> with a <see cref="MeterListener"/> and renders
/// them in the Prometheus text exposition format (version 0.0.4). Only the given meter instance is
/// listened to, so several hubs in one process (tests) never mix their numbers.
/// </summary>
internal sealed partial class PrometheusExporter : IDisposable
{
    /// <summary>The content type Prometheus expects for the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Meter _meter;
    private readonly MeterListener _listener = new();

    // Lock order: the hub records counters while holding its own lock and then takes _gate, so
    // nothing may call into the hub while holding _gate. A scrape therefore polls the observable
    // instruments (which take the hub's lock) under _scrapeGate only, and takes _gate afterwards.
    private readonly Lock _gate = new();
    private readonly Lock _scrapeGate = new();
    private readonly Dictionary<Instrument, InstrumentSeries> _series = [];
    private readonly Dictionary<Instrument, InstrumentSeries> _observed = [];

    /// <summary>Starts listening to <paramref name="meter"/>'s instruments.</summary>
    public PrometheusExporter(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                lock (_gate)
                {
                    _series[instrument] = new InstrumentSeries(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments and renders every series.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            _observed.Clear();
            _listener.RecordObservableInstruments();
            List<InstrumentSeries> all;
            lock (_gate)
            {
                all = _series.Values.Select(s => _observed.TryGetValue(s.Instrument, out var observed) ? observed : s.Copy()).ToList();
            }

            return Render(all);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = LabelSet.From(tags);
        if (instrument.IsObservable)
        {
            // Called synchronously from RecordObservableInstruments on the scraping thread, which
            // holds _scrapeGate: _observed is touched by that thread only.
            if (!_observed.TryGetValue(instrument, out var observed))
            {
                observed = new InstrumentSeries(instrument);
                _observed[instrument] = observed;
            }

            observed.Set(labels, value);
            return;
        }

        lock (_gate)
        {
            if (_series.TryGetValue(instrument, out var series))
            {
                series.Add(labels, value);
            }
        }
    }
}
