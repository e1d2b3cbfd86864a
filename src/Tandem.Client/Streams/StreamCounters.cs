namespace Tandem.Client.Streams;

/// <summary>Running totals of one media stream (frames or packets, bytes, keyframes); thread-safe.</summary>
public sealed class StreamCounters
{
    private long _frames;
    private long _bytes;
    private long _keyframes;
    private long _stale;

    /// <summary>Frames (video) or packets (audio) counted.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Payload bytes counted.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Keyframes counted (video).</summary>
    public long Keyframes => Interlocked.Read(ref _keyframes);

    /// <summary>Frames not sent because they were read too late to be worth sending (see <see cref="AudioSender"/>).</summary>
    public long Stale => Interlocked.Read(ref _stale);

    /// <summary>Counts one frame dropped as stale.</summary>
    public void AddStale() => Interlocked.Increment(ref _stale);

    /// <summary>Counts one frame or packet of <paramref name="bytes"/> bytes.</summary>
    public void Add(int bytes, bool keyframe = false)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, bytes);
        if (keyframe)
        {
            Interlocked.Increment(ref _keyframes);
        }
    }
}
