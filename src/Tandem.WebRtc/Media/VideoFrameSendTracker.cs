using System.Buffers.Binary;

namespace Tandem.WebRtc.Media;

/// <summary>
/// Follows one video stream's packets as they leave and reports each frame once its last packet left:
/// a few header reads per packet, no allocation. Resends of a frame already reported (or older) are
/// ignored; a frame whose last packet never left (dropped) is not reported. Thread-safe: paced packets
/// and direct resends may leave from different threads.
/// </summary>
internal sealed class VideoFrameSendTracker(uint ssrc)
{
    private readonly Lock _lock = new();
    private bool _open;
    private bool _reportedAny;
    private uint _timestamp;
    private uint _lastReported;
    private long _first;
    private int _packets;
    private int _bytes;

    /// <summary>
    /// Notes that <paramref name="header"/>'s packet (<paramref name="length"/> bytes on the wire) left at
    /// <paramref name="now"/>; true with the frame's timing when it was the frame's last packet.
    /// </summary>
    public bool OnSent(ReadOnlySpan<byte> header, int length, long now, out VideoFrameSendTiming timing)
    {
        timing = default;

        // RFC 3550 §5.1: marker = top bit of byte 1, timestamp = bytes 4–7, SSRC = bytes 8–11 (never encrypted by SRTP).
        if (header.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(header[8..]) != ssrc)
        {
            return false;
        }

        var marker = (header[1] & 0x80) != 0;
        var timestamp = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        lock (_lock)
        {
            // RFC 3550 §5.1: timestamps wrap; a frame at or before the last reported one is a resend.
            if (_reportedAny && (int)(timestamp - _lastReported) <= 0)
            {
                return false;
            }

            if (!_open || timestamp != _timestamp)
            {
                (_open, _timestamp, _first, _packets, _bytes) = (true, timestamp, now, 0, 0);
            }

            _packets++;
            _bytes += length;
            if (!marker)
            {
                return false;
            }

            timing = new VideoFrameSendTiming(timestamp, _first, now, _packets, _bytes);
            (_open, _reportedAny, _lastReported) = (false, true, timestamp);
            return true;
        }
    }
}
