namespace Tandem.WebRtc.Rtp;

internal sealed partial class RtpReceiveStatistics
{
    // Callers hold _lock.
    private long Expected() => _cycles + _maxSequence - _baseSequence + 1L;

    private void InitSequence(ushort sequenceNumber)
    {
        _baseSequence = sequenceNumber;
        _maxSequence = sequenceNumber;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    /// <summary>RFC 3550 App. A.1 update_seq; false when the packet is not counted.</summary>
    private bool UpdateSequence(ushort sequenceNumber)
    {
        var delta = (ushort)(sequenceNumber - _maxSequence);
        if (delta < MaxDropout)
        {
            if (sequenceNumber < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequenceNumber;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequenceNumber != _badSequence)
            {
                // A big jump: wait for the next packet to confirm a restart of the sender.
                _badSequence = (sequenceNumber + 1) & (SequenceModulo - 1);
                return false;
            }

            InitSequence(sequenceNumber);
            _restarted = true;
        }

        // Otherwise a duplicate or reordered packet: counted, sequence state unchanged.
        return true;
    }

    /// <summary>RFC 3550 App. A.8: J += (|D| − J) / 16, D = difference of relative transit times.</summary>
    private void UpdateJitter(long now, uint rtpTimestamp)
    {
        // D(i-1, i) = (R_i - R_{i-1}) - (S_i - S_{i-1}); the RTP difference is taken modulo 2^32 so wraps are harmless.
        var arrival = ArrivalInRtpUnits(now);
        var d = Math.Abs(arrival - _lastArrival - (int)(rtpTimestamp - _lastRtpTimestamp));
        _lastArrival = arrival;
        _lastRtpTimestamp = rtpTimestamp;
        _jitter += (d - _jitter) / 16.0;
    }

    /// <summary>Arrival time since the first packet, in RTP clock units (exact integer math, no overflow).</summary>
    private long ArrivalInRtpUnits(long now)
    {
        var elapsed = now - _firstArrival;
        var frequency = _time.TimestampFrequency;
        return (elapsed / frequency * _clockRate) + (elapsed % frequency * _clockRate / frequency);
    }
}
