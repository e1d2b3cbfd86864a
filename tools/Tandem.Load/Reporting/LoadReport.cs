namespace Tandem.Load.Reporting;

/// <summary>The figures of one run, as written to <c>--json</c> and the summary line.</summary>
public sealed record LoadReport
{
    /// <summary>Server kind: tandem, relay or peerjs.</summary>
    public required string Target { get; init; }

    /// <summary>Pair sessions completed.</summary>
    public required long Pairs { get; init; }

    /// <summary>Pair sessions that failed.</summary>
    public required long PairsFailed { get; init; }

    /// <summary>Wall time of the measured phase.</summary>
    public required double Seconds { get; init; }

    /// <summary>Completed pair sessions per second.</summary>
    public double PairsPerSec => Seconds > 0 ? Pairs / Seconds : 0;

    /// <summary>Forwarded messages received.</summary>
    public required long Messages { get; init; }

    /// <summary>Forwarded messages received per second.</summary>
    public double MessagesPerSec => Seconds > 0 ? Messages / Seconds : 0;

    /// <summary>Latency percentiles in milliseconds: p50, p99, p99.9, max.</summary>
    public required double[] LatencyMs { get; init; }

    /// <summary>Errors by key.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>Messages sent and never delivered (refusals excluded).</summary>
    public required long Lost { get; init; }

    /// <summary>Extra arrivals of delivered messages.</summary>
    public required long Duplicated { get; init; }

    /// <summary>Arrivals at the wrong connection.</summary>
    public required long Misrouted { get; init; }

    /// <summary>Deliveries after a later message of their stream.</summary>
    public required long OutOfOrder { get; init; }

    /// <summary>Server RSS at the end of the run in MiB; null when unknown.</summary>
    public double? ServerRssMb { get; init; }

    /// <summary>Server peak RSS (VmHWM) in MiB; null when unknown.</summary>
    public double? ServerPeakRssMb { get; init; }

    /// <summary>Server CPU use over the run, in % of one core; null when unknown.</summary>
    public double? ServerCpuPercent { get; init; }

    /// <summary>The load tool's own CPU use over the run, in % of one core.</summary>
    public double ClientCpuPercent { get; init; }

    /// <summary>The load tool's own CPU time (user + system) per forwarded message, in µs; null without messages.</summary>
    public double? ClientCpuUsPerMessage { get; init; }

    /// <summary>Hold mode: connections held open and joined.</summary>
    public long? Held { get; init; }

    /// <summary>Hold mode: server RSS before any connection, in MiB.</summary>
    public double? ServerRssIdleMb { get; init; }

    /// <summary>Hold mode: server RSS with every held connection joined, in MiB.</summary>
    public double? ServerRssHeldMb { get; init; }

    /// <summary>Hold mode: (held RSS - idle RSS) / held connections, in KiB.</summary>
    public double? RssPerConnectionKib { get; init; }

    /// <summary>Hold mode: growth of the largest anonymous mapping (the GC heap) per connection, in KiB.</summary>
    public double? GcHeapPerConnectionKib { get; init; }

    /// <summary>Hold mode: growth of the other anonymous memory (native heaps, stacks) per connection, in KiB.</summary>
    public double? OtherAnonPerConnectionKib { get; init; }
}
