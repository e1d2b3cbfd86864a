using Tandem.WebRtc.Payloads.H264;

namespace Tandem.Client.Streams;

/// <summary>
/// Writes received H.264 access units to an Annex-B stream (an <c>.h264</c> file ffmpeg plays), in
/// order and decodable: it starts at a keyframe, and after a damaged unit (lost packets) it skips
/// to the next keyframe, telling the caller to ask for one (PLI). Called on the receive thread.
/// </summary>
public sealed class H264Recorder : IDisposable
{
    // One receive thread writes; Reset and the counters may come from others.
    private readonly Lock _lock = new();
    private readonly Stream? _output;
    private bool _waitingForKeyframe = true;
    private uint _lastTimestamp;
    private bool _hasLast;

    /// <summary>Records into <paramref name="output"/>, or only counts when it is null.</summary>
    public H264Recorder(Stream? output) => _output = output;

    /// <summary>Access units written (or counted).</summary>
    public StreamCounters Received { get; } = new();

    /// <summary>Units dropped: damaged, before the first keyframe, or out of order.</summary>
    public long Dropped { get; private set; }

    /// <summary>
    /// Takes one access unit. Returns true when the caller should request a keyframe (the stream is
    /// waiting for one after damage).
    /// </summary>
    public bool Write(in H264Frame frame) => Write(frame.AnnexB, frame.RtpTimestamp, frame.IsKeyframe, frame.IsDamaged);

    /// <inheritdoc cref="Write(in H264Frame)"/>
    public bool Write(ReadOnlySpan<byte> annexB, uint rtpTimestamp, bool isKeyframe, bool isDamaged)
    {
        lock (_lock)
        {
            // RFC 3550 §5.1: timestamps of later frames are later (modulo 2^32); an older one is a stray.
            if (_hasLast && unchecked((int)(rtpTimestamp - _lastTimestamp)) < 0)
            {
                Dropped++;
                return false;
            }

            if (isDamaged || (_waitingForKeyframe && !isKeyframe))
            {
                var ask = isDamaged && !_waitingForKeyframe;
                _waitingForKeyframe = true;
                Dropped++;
                return ask;
            }

            _waitingForKeyframe = false;
            _lastTimestamp = rtpTimestamp;
            _hasLast = true;
            _output?.Write(annexB);
            Received.Add(annexB.Length, isKeyframe);
            return false;
        }
    }

    /// <summary>A new stream starts (new peer connection): wait for its first keyframe, forget the old timestamps.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _waitingForKeyframe = true;
            _hasLast = false;
        }
    }

    /// <summary>Flushes and closes the output.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _output?.Flush();
            _output?.Dispose();
        }
    }
}
