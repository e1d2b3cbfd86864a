namespace Tandem.WebRtc.Congestion;

/// <summary>
/// Turns the transport-wide feedback of a probe cluster's packets into a rate the path carried, as libwebrtc's
/// <c>ProbeBitrateEstimator</c> does: once at least 80 % of the cluster's packets and bytes were reported received,
/// the send rate (bytes but the last packet's over the send span) and the receive rate (bytes but the first
/// packet's over the arrival span) are compared. A receive rate more than twice the send rate is a measurement
/// error (the packets bunched up on the way): no result. A receive rate below 90 % of the send rate means the
/// probe filled the bottleneck: the result is 95 % of the receive rate, the link's rate with a margin. Otherwise
/// the link took the whole probe: the result is the lower of the two. Spans over 1 s are no probe. Clusters not
/// heard of for a second are forgotten. Not thread-safe; allocates only when a cluster starts.
/// </summary>
internal sealed class ProbeBitrateEstimator
{
    private const double MinReceivedShare = 0.8;
    private const double MaxValidRatio = 2.0;
    private const double MinUnsaturatedRatio = 0.9;
    private const double SaturatedUtilization = 0.95;
    private const long MaxSpanMicroseconds = 1_000_000;
    private const long HistoryMicroseconds = 1_000_000;

    private readonly Dictionary<int, Aggregate> _clusters = [];
    private readonly List<int> _expired = [];

    /// <summary>Clusters forgotten without a usable rate (too few packets came back, or only an impossible receive rate).</summary>
    public int RejectedClusters { get; private set; }

    /// <summary>Notes that <paramref name="cluster"/> is being sent, so that its feedback can be judged against its size.</summary>
    public void OnClusterStarted(in ProbeCluster cluster, long nowMicroseconds)
    {
        Expire(nowMicroseconds);
        _clusters[cluster.Id] = new Aggregate(cluster, nowMicroseconds);
    }

    /// <summary>One reported packet of cluster <see cref="PacketFeedback.ProbeClusterId"/>; returns the cluster's rate once it can be judged, else null.</summary>
    public long? OnPacket(in PacketFeedback packet, long nowMicroseconds)
    {
        Expire(nowMicroseconds);
        if (packet.ProbeClusterId < 0 || !packet.Received || !_clusters.TryGetValue(packet.ProbeClusterId, out var aggregate))
        {
            return null;
        }

        aggregate.Add(packet, nowMicroseconds);
        var cluster = aggregate.Cluster;
        if (aggregate.Packets < MinReceivedShare * cluster.MinPackets || aggregate.Bytes < MinReceivedShare * cluster.MinBytes)
        {
            return null;
        }

        var sendSpan = aggregate.LastSend - aggregate.FirstSend;
        var receiveSpan = aggregate.LastArrival - aggregate.FirstArrival;
        if (sendSpan <= 0 || receiveSpan <= 0 || sendSpan > MaxSpanMicroseconds || receiveSpan > MaxSpanMicroseconds)
        {
            return null;
        }

        // The last packet's bytes left after the send span ended; the first one's arrived before the receive span began.
        var sendRate = (aggregate.Bytes - aggregate.LastSendSize) * 8e6 / sendSpan;
        var receiveRate = (aggregate.Bytes - aggregate.FirstArrivalSize) * 8e6 / receiveSpan;
        if (receiveRate > MaxValidRatio * sendRate)
        {
            return null;
        }

        var rate = receiveRate < MinUnsaturatedRatio * sendRate ? SaturatedUtilization * receiveRate : Math.Min(sendRate, receiveRate);
        aggregate.HadResult = true;
        return (long)rate;
    }

    private void Expire(long nowMicroseconds)
    {
        foreach (var (id, aggregate) in _clusters)
        {
            if (nowMicroseconds - aggregate.LastUpdate > HistoryMicroseconds)
            {
                _expired.Add(id);
                RejectedClusters += aggregate.HadResult ? 0 : 1;
            }
        }

        foreach (var id in _expired)
        {
            _clusters.Remove(id);
        }

        _expired.Clear();
    }

    private sealed class Aggregate(ProbeCluster cluster, long nowMicroseconds)
    {
        public ProbeCluster Cluster { get; } = cluster;

        public long LastUpdate { get; private set; } = nowMicroseconds;

        public bool HadResult { get; set; }

        public int Packets { get; private set; }

        public long Bytes { get; private set; }

        public long FirstSend { get; private set; } = long.MaxValue;

        public long LastSend { get; private set; } = long.MinValue;

        public int LastSendSize { get; private set; }

        public long FirstArrival { get; private set; } = long.MaxValue;

        public long LastArrival { get; private set; } = long.MinValue;

        public int FirstArrivalSize { get; private set; }

        public void Add(in PacketFeedback packet, long now)
        {
            LastUpdate = now;
            Packets++;
            Bytes += packet.Size;
            FirstSend = Math.Min(FirstSend, packet.SendMicroseconds);
            if (packet.SendMicroseconds >= LastSend)
            {
                LastSend = packet.SendMicroseconds;
                LastSendSize = packet.Size;
            }

            if (packet.ArrivalMicroseconds < FirstArrival)
            {
                FirstArrival = packet.ArrivalMicroseconds;
                FirstArrivalSize = packet.Size;
            }

            LastArrival = Math.Max(LastArrival, packet.ArrivalMicroseconds);
        }
    }
}
