using System.Buffers;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Payloads.H264;

/// <summary>
/// Reassembles RTP payloads (RFC 6184 packetization-mode=1, https://www.rfc-editor.org/rfc/rfc6184: single NAL unit, STAP-A, FU-A) into
/// Annex-B access units. Packets are expected in sequence order (after a jitter buffer, if any);
/// a late or duplicate packet is ignored. A unit ends at the marker bit or when the timestamp changes.
/// Not thread-safe: one instance per received video stream. The frame buffer is pooled.
/// </summary>
internal sealed partial class H264Depacketizer : IDisposable
{
    /// <summary>Default upper bound of one access unit.</summary>
    public const int DefaultMaxFrameSize = 8 * 1024 * 1024;

    // RFC 3550 App. A.1 (MAX_DROPOUT): further behind than this is a restart, not a late packet.
    private const int RestartDistance = 3000;

    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    private readonly H264FrameHandler _onFrame;
    private readonly int _maxFrameSize;
    private byte[] _buffer;
    private int _length;
    private bool _inFrame;
    private uint _timestamp;
    private bool _damaged;
    private bool _hasIdr, _hasSps, _hasPps;
    private int _fuStart = -1;
    private bool _gapBeforePadding;
    private bool _started;
    private ushort _lastSequenceNumber;

    /// <summary>Creates a depacketizer that reports each completed unit to <paramref name="onFrame"/>.</summary>
    public H264Depacketizer(H264FrameHandler onFrame, int maxFrameSize = DefaultMaxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 1024);
        _onFrame = onFrame;
        _maxFrameSize = maxFrameSize;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>Pushes one RTP packet (a packet of padding only advances the sequence and nothing else).</summary>
    public void Push(in RtpPacket packet) => Push(packet.SequenceNumber, packet.Timestamp, packet.Marker, packet.Payload);

    /// <summary>Pushes one RTP payload with the header fields that matter. Never throws on bad payloads.</summary>
    public void Push(ushort sequenceNumber, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        var gap = false;
        if (_started)
        {
            var distance = RtpSequenceNumber.Distance(_lastSequenceNumber, sequenceNumber);
            if (distance <= 0 && distance > -RestartDistance)
            {
                return;
            }

            // Far behind (a sender restart) counts as a gap, like a jump ahead.
            gap = distance != 1;
        }

        _started = true;
        _lastSequenceNumber = sequenceNumber;
        if (payload.IsEmpty)
        {
            // RFC 3550 §5.1: a packet of padding only (libwebrtc's bandwidth probe) holds a sequence number and
            // nothing else; a loss before it still counts against the next packet with a payload.
            _gapBeforePadding |= gap;
            return;
        }

        gap |= _gapBeforePadding;
        _gapBeforePadding = false;

        if (_inFrame && timestamp != _timestamp)
        {
            // The previous unit's marker packet never came: it is incomplete.
            _damaged = true;
            EmitFrame();
        }

        if (!_inFrame)
        {
            BeginFrame(timestamp);
        }

        if (gap)
        {
            // Lost packets belonged to this unit, or to units that vanished entirely before it;
            // either way decoding from here is broken.
            _damaged = true;
            AbortFragment();
        }

        AppendPayload(payload);
        if (marker)
        {
            EmitFrame();
        }
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void BeginFrame(uint timestamp)
    {
        _inFrame = true;
        _timestamp = timestamp;
        _length = 0;
        _damaged = _hasIdr = _hasSps = _hasPps = false;
        _fuStart = -1;
    }

    private void EmitFrame()
    {
        if (_fuStart >= 0)
        {
            // RFC 6184 §5.8: a fragmented NAL unit without its end fragment cannot be decoded.
            _damaged = true;
            AbortFragment();
        }

        _inFrame = false;
        if (_length == 0 && !_damaged)
        {
            return;
        }

        _onFrame(new H264Frame(_buffer.AsSpan(0, _length), _timestamp, _hasIdr && _hasSps && _hasPps, _damaged));
    }

    private void AbortFragment()
    {
        if (_fuStart >= 0)
        {
            _length = _fuStart;
            _fuStart = -1;
        }
    }
}
