namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Receiver side of RTP retransmission: watches the sequence numbers of one incoming stream,
/// tracks gaps, and says which packets to ask for in the next generic NACK (RFC 4585 §6.2.1, https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1).
/// Each missing packet is requested at most <see cref="RtpNackOptions.MaxRetries"/> times, no
/// more often than once per retry interval (the RTT once known), and dropped after
/// <see cref="RtpNackOptions.MaxAge"/> or when it arrives. Thread-safe: packets arrive on the
/// receive thread while NACKs are built on the RTCP timer. No allocation after construction.
/// </summary>
internal sealed class RtpNackGenerator
{
    // RFC 3550 App. A.1 uses the same bound (MAX_DROPOUT) to tell a restart from reordering.
    private const int RestartDistance = 3000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly RtpNackOptions _options;
    private readonly Entry[] _missing;
    private int _count;
    private RtpSequenceUnwrapper _unwrapper;
    private long _highest = -1;
    private TimeSpan _retryInterval;
    private bool _keyframeNeeded;

    /// <summary>Creates a generator; <paramref name="options"/> default to <see cref="RtpNackOptions"/>'s defaults.</summary>
    public RtpNackGenerator(RtpNackOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new RtpNackOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxMissing, 1);
        _time = timeProvider ?? TimeProvider.System;
        _missing = new Entry[_options.MaxMissing];
        _retryInterval = _options.DefaultRetryInterval;
    }

    /// <summary>Number of packets currently considered missing.</summary>
    public int MissingCount { get { lock (_lock) { return _count; } } }

    /// <summary>Sets the interval between retries of one packet (use the measured RTT).</summary>
    public void SetRetryInterval(TimeSpan interval)
    {
        lock (_lock)
        {
            _retryInterval = interval > TimeSpan.Zero ? interval : _options.DefaultRetryInterval;
        }
    }

    /// <summary>
    /// Records a received sequence number (original or retransmitted). True when it revealed
    /// packets newly missing: ask for them now (<see cref="GetNacks"/>) rather than at the next
    /// feedback tick, as libwebrtc does, so a late timer never costs the repair.
    /// </summary>
    public bool OnPacket(ushort sequenceNumber)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var value = _unwrapper.Unwrap(sequenceNumber);
            if (_highest < 0)
            {
                _highest = value;
                return false;
            }

            if (_highest - value > RestartDistance)
            {
                // Far behind everything tracked: the sender restarted its sequence; start over.
                _count = 0;
                _highest = value;
                return false;
            }

            if (value <= _highest)
            {
                Remove(value);
                return false;
            }

            var gap = value - _highest - 1;
            var opened = false;
            if (gap > 0)
            {
                if (_count + gap > _missing.Length)
                {
                    _count = 0;
                    _keyframeNeeded = true;
                }
                else
                {
                    for (var s = _highest + 1; s < value; s++)
                    {
                        _missing[_count++] = new Entry(s, now, 0, 0);
                    }

                    opened = true;
                }
            }

            _highest = value;
            return opened;
        }
    }

    /// <summary>
    /// True once if a loss too large to repair happened (or packets were given up) since the last
    /// call: the receiver should send a PLI.
    /// </summary>
    public bool TakeKeyframeRequest()
    {
        lock (_lock)
        {
            var needed = _keyframeNeeded;
            _keyframeNeeded = false;
            return needed;
        }
    }

    /// <summary>
    /// Writes the sequence numbers to NACK now (ascending) into <paramref name="destination"/>
    /// and counts a retry for each; forgets packets that ran out of retries or age. Returns the count written.
    /// </summary>
    public int GetNacks(Span<ushort> destination)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var written = 0;
            var kept = 0;
            for (var i = 0; i < _count; i++)
            {
                var entry = _missing[i];
                if (entry.Retries >= _options.MaxRetries || _time.GetElapsedTime(entry.MissingSince, now) > _options.MaxAge)
                {
                    _keyframeNeeded = true;
                    continue;
                }

                var due = entry.Retries == 0 || _time.GetElapsedTime(entry.LastSentAt, now) >= _retryInterval;
                if (due && written < destination.Length)
                {
                    destination[written++] = (ushort)entry.SequenceNumber;
                    entry = entry with { Retries = entry.Retries + 1, LastSentAt = now };
                }

                _missing[kept++] = entry;
            }

            _count = kept;
            return written;
        }
    }

    private void Remove(long sequenceNumber)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_missing[i].SequenceNumber == sequenceNumber)
            {
                Array.Copy(_missing, i + 1, _missing, i, _count - i - 1);
                _count--;
                return;
            }
        }
    }

    /// <summary>Entries stay sorted by sequence number: gaps are appended in increasing order.</summary>
    private readonly record struct Entry(long SequenceNumber, long MissingSince, long LastSentAt, int Retries);
}
