using System.Buffers;
using System.Threading.Channels;
using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Client.Streams;

/// <summary>
/// The receive path of the peer's H.264: takes each reassembled access unit on the network thread,
/// keeps the stream decodable — it starts at a keyframe, and after a damaged unit (lost packets) or a
/// unit the sink had no room for it skips to the next keyframe, telling the caller to ask for one
/// (PLI) — and hands the units in order to an <see cref="IVideoSink"/> from its own task, through a
/// bounded queue of pooled copies (no allocation per frame).
/// </summary>
internal sealed class VideoReceiver
{
    /// <summary>Frames that may wait for a slow sink (one second at 30 fps).</summary>
    public const int Capacity = 30;

    // The network thread writes; Reset and the counters may come from others.
    private readonly Lock _lock = new();
    private readonly IVideoSink? _sink;
    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private bool _waitingForKeyframe = true;
    private uint _lastTimestamp;
    private bool _hasLast;
    private long _dropped;

    /// <summary>Hands frames to <paramref name="sink"/>, or only counts them when it is null.</summary>
    public VideoReceiver(IVideoSink? sink) => _sink = sink;

    /// <summary>Access units accepted for the sink (frames, bytes, keyframes).</summary>
    public StreamCounters Received { get; } = new();

    /// <summary>Units dropped: damaged, before the first keyframe, out of order, or no room in the queue (and the units after it up to a keyframe).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Takes one access unit (copied). Returns true when the caller should request a keyframe: the
    /// stream just broke (damage, or a full queue) and waits for one.
    /// </summary>
    public bool Write(ReadOnlySpan<byte> annexB, uint rtpTimestamp, bool isKeyframe, bool isDamaged, MediaInstant arrival, MediaInstant? presentation)
    {
        lock (_lock)
        {
            // RFC 3550 §5.1: timestamps of later frames are later (modulo 2^32); an older one is a stray.
            if (_hasLast && unchecked((int)(rtpTimestamp - _lastTimestamp)) < 0)
            {
                _dropped++;
                return false;
            }

            if (isDamaged || (_waitingForKeyframe && !isKeyframe))
            {
                return Drop(ask: isDamaged);
            }

            if (_sink is not null)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(annexB.Length, 1));
                annexB.CopyTo(buffer);
                if (!_queue.Writer.TryWrite(new Item(buffer, new ReceivedVideoFrame(buffer.AsMemory(0, annexB.Length), isKeyframe, rtpTimestamp, arrival, presentation))))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return Drop(ask: true);
                }
            }

            _waitingForKeyframe = false;
            _lastTimestamp = rtpTimestamp;
            _hasLast = true;
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

    /// <summary>
    /// Hands queued frames to the sink until <see cref="Complete"/>, then the rest. A sink that throws
    /// is reported to <paramref name="sinkFailed"/> once and gets nothing more (frames are still counted).
    /// </summary>
    public async Task RunAsync(Action<Exception> sinkFailed)
    {
        ArgumentNullException.ThrowIfNull(sinkFailed);
        var failed = false;
        await foreach (var item in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                if (!failed && _sink is not null)
                {
                    await _sink.WriteFrameAsync(item.Frame, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The application's sink failed: the call goes on (audio, data) without it.
                failed = true;
                sinkFailed(e);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
    }

    /// <summary>No more frames: <see cref="RunAsync"/> ends once the sink took the queued ones.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    // Under _lock. Every later P-frame refers to the lost one: wait for the next IDR; ask for it once per break.
    private bool Drop(bool ask)
    {
        var first = !_waitingForKeyframe;
        _waitingForKeyframe = true;
        _dropped++;
        return ask && first;
    }

    private readonly record struct Item(byte[] Buffer, ReceivedVideoFrame Frame);
}
