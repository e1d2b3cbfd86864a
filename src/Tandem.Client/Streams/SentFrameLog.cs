using Tandem.Media.Clock;

namespace Tandem.Client.Streams;

/// <summary>
/// The last frames handed to the connection, by RTP timestamp, until their last packet left: what a
/// <see cref="VideoFrameTimeline"/> needs from the encoder's side. A fixed ring (older entries are
/// overwritten: a frame never sent is forgotten); no allocation per frame. Thread-safe.
/// </summary>
internal sealed class SentFrameLog
{
    private const int Capacity = 64;

    // The sender adds on the encoder's thread; the pacer's thread takes.
    private readonly Lock _lock = new();
    private readonly Entry[] _entries = new Entry[Capacity];
    private int _next;

    /// <summary>Notes a frame about to be sent with <paramref name="rtpTimestamp"/>.</summary>
    public void Add(uint rtpTimestamp, long index, bool isKeyframe, MediaInstant captured, TimeSpan? encodeDuration, MediaInstant encoded)
    {
        lock (_lock)
        {
            _entries[_next] = new Entry(true, rtpTimestamp, index, isKeyframe, captured, encodeDuration, encoded);
            _next = (_next + 1) % Capacity;
        }
    }

    /// <summary>Finds and forgets the frame sent with <paramref name="rtpTimestamp"/>.</summary>
    public bool TryTake(uint rtpTimestamp, out Entry entry)
    {
        lock (_lock)
        {
            for (var i = 0; i < Capacity; i++)
            {
                if (_entries[i] is { Used: true } candidate && candidate.RtpTimestamp == rtpTimestamp)
                {
                    _entries[i] = default;
                    entry = candidate;
                    return true;
                }
            }
        }

        entry = default;
        return false;
    }

    /// <summary>A frame as it was handed over.</summary>
    internal readonly record struct Entry(bool Used, uint RtpTimestamp, long Index, bool IsKeyframe, MediaInstant Captured, TimeSpan? EncodeDuration, MediaInstant Encoded);
}
