using System.Diagnostics.Metrics;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

/// <summary>
/// The hub's counters: <see cref="System.Diagnostics.Metrics"/> instruments on the meter
/// <see cref="MeterName"/> (for /metrics), plus running totals for the status API and the stats log.
/// </summary>
public sealed class SignalingMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Tandem.Signaling";

    private static readonly MessageType[] ForwardedTypes = [MessageType.Offer, MessageType.Answer, MessageType.Ice, MessageType.Restart, MessageType.Leave];

    private readonly long[] _forwarded = new long[(int)MessageType.Restart + 1];
    private readonly long[] _errors = new long[(int)ErrorCode.Unauthorized - 1000];
    private readonly Counter<long> _errorCounter;
    private readonly Counter<long> _pairCounter;
    private readonly Counter<long> _timeoutCounter;
    private readonly Counter<long> _resumeCounter;
    private readonly Counter<long> _connectionCounter;
    private readonly Histogram<double> _timeToPair;
    private readonly Histogram<double> _forwardLatency;
    private long _pairs;
    private long _timeouts;
    private long _resumes;
    private long _connectionsAccepted;

    /// <summary>Creates the instruments on a new meter.</summary>
    public SignalingMetrics()
    {
        Meter = new Meter(MeterName);
        // Observed when scraped, not pushed per message: a listener's work per measurement would be
        // paid on every forwarded message, the server's hot path.
        Meter.CreateObservableCounter("tandem_messages_forwarded", ObserveForwarded, description: "Messages forwarded between peers, by type");
        _errorCounter = Meter.CreateCounter<long>("tandem_errors", description: "Error messages sent, by code");
        _pairCounter = Meter.CreateCounter<long>("tandem_pairs", description: "Rooms that became PAIRED");
        _timeoutCounter = Meter.CreateCounter<long>("tandem_room_timeouts", description: "Rooms that timed out waiting");
        _resumeCounter = Meter.CreateCounter<long>("tandem_resumes", description: "Members that resumed or replaced their slot");
        _connectionCounter = Meter.CreateCounter<long>("tandem_connections_accepted", description: "WebSocket connections accepted");
        _timeToPair = Meter.CreateHistogram<double>("tandem_time_to_pair", unit: "s", description: "From room creation to PAIRED");
        _forwardLatency = Meter.CreateHistogram<double>("tandem_forward_latency", unit: "ms", description: "From receiving a message to handing it to the peer's socket");
    }

    /// <summary>The meter all instruments live on.</summary>
    public Meter Meter { get; }

    /// <summary>Forwarded messages so far, by type.</summary>
    public IReadOnlyDictionary<string, long> ForwardedByType => new Dictionary<string, long>
    {
        ["offer"] = Interlocked.Read(ref _forwarded[(int)MessageType.Offer]),
        ["answer"] = Interlocked.Read(ref _forwarded[(int)MessageType.Answer]),
        ["ice"] = Interlocked.Read(ref _forwarded[(int)MessageType.Ice]),
        ["restart"] = Interlocked.Read(ref _forwarded[(int)MessageType.Restart]),
        ["leave"] = Interlocked.Read(ref _forwarded[(int)MessageType.Leave]),
    };

    /// <summary>Error messages sent so far, by code.</summary>
    public IReadOnlyDictionary<int, long> ErrorsByCode =>
        Enumerable.Range(0, _errors.Length).ToDictionary(i => 1001 + i, i => Interlocked.Read(ref _errors[i]));

    /// <summary>Rooms paired so far.</summary>
    public long Pairs => Interlocked.Read(ref _pairs);

    /// <summary>Rooms timed out so far.</summary>
    public long RoomTimeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Resumes (and replacements) so far.</summary>
    public long Resumes => Interlocked.Read(ref _resumes);

    /// <summary>Connections accepted so far.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Messages forwarded so far, all types.</summary>
    public long ForwardedTotal => ForwardedByType.Values.Sum();

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();

    internal void Forwarded(MessageType type)
    {
        Interlocked.Increment(ref _forwarded[(int)type]);
    }

    /// <summary>One measurement per type forwarded at least once.</summary>
    private IEnumerable<Measurement<long>> ObserveForwarded()
    {
        foreach (var type in ForwardedTypes)
        {
            var count = Interlocked.Read(ref _forwarded[(int)type]);
            if (count > 0)
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>("type", type.WireName()));
            }
        }
    }

    internal void Error(ErrorCode code)
    {
        Interlocked.Increment(ref _errors[(int)code - 1001]);
        _errorCounter.Add(1, new KeyValuePair<string, object?>("code", (int)code));
    }

    internal void Paired(TimeSpan sinceCreated)
    {
        Interlocked.Increment(ref _pairs);
        _pairCounter.Add(1);
        _timeToPair.Record(sinceCreated.TotalSeconds);
    }

    internal void TimedOut()
    {
        Interlocked.Increment(ref _timeouts);
        _timeoutCounter.Add(1);
    }

    internal void Resumed()
    {
        Interlocked.Increment(ref _resumes);
        _resumeCounter.Add(1);
    }

    internal void ConnectionAccepted()
    {
        Interlocked.Increment(ref _connectionsAccepted);
        _connectionCounter.Add(1);
    }

    internal void ForwardLatency(TimeSpan latency) => _forwardLatency.Record(latency.TotalMilliseconds);
}
