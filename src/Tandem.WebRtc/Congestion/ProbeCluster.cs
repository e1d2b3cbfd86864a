namespace Tandem.WebRtc.Congestion;

/// <summary>
/// One probe: a short burst the pacer sends at <paramref name="Bitrate"/> (libwebrtc's probe cluster) to learn whether
/// the path carries that much, judged from the transport-wide feedback of its packets by
/// <see cref="ProbeBitrateEstimator"/>. Complete once at least <paramref name="MinPackets"/> packets and
/// <paramref name="MinBytes"/> bytes left.
/// </summary>
/// <param name="Id">The cluster's id (non-negative), stamped on the send record of each of its packets.</param>
/// <param name="Bitrate">The rate the cluster is sent at, in bits per second.</param>
/// <param name="MinPackets">Packets the cluster sends at least.</param>
/// <param name="MinBytes">Bytes the cluster sends at least.</param>
internal readonly record struct ProbeCluster(int Id, long Bitrate, int MinPackets, int MinBytes)
{
    /// <summary>Packets a cluster sends at least (libwebrtc's 5): the estimate needs a few gaps to average over.</summary>
    public const int DefaultMinPackets = 5;

    /// <summary>How long a cluster lasts at least (libwebrtc's 15 ms): long enough for the bottleneck's queue to show the rate.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMilliseconds(15);

    /// <summary>A cluster of <paramref name="id"/> at <paramref name="bitrate"/>, lasting <see cref="MinDuration"/> and at least <see cref="DefaultMinPackets"/> packets.</summary>
    public static ProbeCluster Create(int id, long bitrate) =>
        new(id, bitrate, DefaultMinPackets, (int)Math.Ceiling(bitrate * MinDuration.TotalSeconds / 8));
}
