namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Congestion control of one path (RFC 9260 §7.2): slow start, congestion avoidance,
/// fast recovery and the retransmission-timeout reaction. Pure arithmetic, driven by the
/// association, so each rule is unit-testable with crafted SACK outcomes.
/// </summary>
internal sealed class SctpCongestionController
{
    private readonly int _mtu;

    public SctpCongestionController(int mtu, long initialSsthresh)
    {
        _mtu = mtu;

        // RFC 9260 §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4380 bytes)); ssthresh may start at the peer's a_rwnd.
        Cwnd = Math.Min(4 * mtu, Math.Max(2 * mtu, 4380));
        Ssthresh = initialSsthresh;
    }

    public long Cwnd { get; private set; }

    public long Ssthresh { get; private set; }

    public long PartialBytesAcked { get; private set; }

    public bool InFastRecovery { get; private set; }

    /// <summary>The highest TSN outstanding when fast recovery began; recovery ends once it is acknowledged.</summary>
    public uint FastRecoveryExitPoint { get; private set; }

    /// <summary>
    /// Applies one SACK. <paramref name="bytesAcked"/> counts newly acknowledged bytes (cumulative and gap);
    /// <paramref name="flightSizeBefore"/> is the outstanding byte count before the SACK was processed.
    /// </summary>
    public void OnSack(long bytesAcked, bool cumulativeAckAdvanced, uint cumulativeTsnAck, long flightSizeBefore)
    {
        // RFC 9260 §7.2.4: fast recovery ends when the exit point is acknowledged; cwnd stays at ssthresh.
        if (InFastRecovery && SctpTsn.IsLessOrEqual(FastRecoveryExitPoint, cumulativeTsnAck))
        {
            InFastRecovery = false;
            Cwnd = Ssthresh;
            PartialBytesAcked = 0;
            return;
        }

        if (InFastRecovery || bytesAcked <= 0)
        {
            return;
        }

        var fullyUtilized = flightSizeBefore >= Cwnd;
        if (Cwnd <= Ssthresh)
        {
            // RFC 9260 §7.2.1: slow start grows by at most one MTU per SACK, only when cwnd was
            // fully used and the cumulative ack point advanced.
            if (fullyUtilized && cumulativeAckAdvanced)
            {
                Cwnd += Math.Min(bytesAcked, _mtu);
            }

            return;
        }

        // RFC 9260 §7.2.2: congestion avoidance, one MTU per cwnd of acknowledged bytes.
        PartialBytesAcked += bytesAcked;
        if (PartialBytesAcked >= Cwnd && fullyUtilized)
        {
            PartialBytesAcked -= Cwnd;
            Cwnd += _mtu;
        }
        else if (PartialBytesAcked > Cwnd)
        {
            PartialBytesAcked = Cwnd;
        }
    }

    /// <summary>RFC 9260 §7.2.2: once everything sent has been acknowledged, partial_bytes_acked restarts at 0.</summary>
    public void OnAllDataAcknowledged() => PartialBytesAcked = 0;

    /// <summary>
    /// RFC 9260 §7.2.4: on the first fast retransmit outside fast recovery, halve (floor 4*MTU),
    /// set cwnd to ssthresh and remember the highest outstanding TSN as the exit point.
    /// Returns false (no change) when already in fast recovery.
    /// </summary>
    public bool OnFastRetransmit(uint highestOutstandingTsn)
    {
        if (InFastRecovery)
        {
            return false;
        }

        Ssthresh = Math.Max(Cwnd / 2, 4L * _mtu);
        Cwnd = Ssthresh;
        PartialBytesAcked = 0;
        InFastRecovery = true;
        FastRecoveryExitPoint = highestOutstandingTsn;
        return true;
    }

    /// <summary>
    /// RFC 9260 §7.2.1: a sender that has not sent data for <paramref name="idleRtos"/> RTOs decays cwnd to
    /// max(cwnd/2, 4*MTU) per RTO, so an old window is not blasted into a path it no longer knows.
    /// </summary>
    public void OnIdle(int idleRtos)
    {
        for (var i = 0; i < idleRtos && Cwnd > 4L * _mtu; i++)
        {
            Cwnd = Math.Max(Cwnd / 2, 4L * _mtu);
        }
    }

    /// <summary>RFC 9260 §7.2.3: on T3-rtx expiry ssthresh = max(cwnd/2, 4*MTU), cwnd = 1 MTU.</summary>
    public void OnRetransmissionTimeout()
    {
        Ssthresh = Math.Max(Cwnd / 2, 4L * _mtu);
        Cwnd = _mtu;
        PartialBytesAcked = 0;
        InFastRecovery = false;
    }
}
