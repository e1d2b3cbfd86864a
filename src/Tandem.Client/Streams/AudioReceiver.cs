using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Jitter;
using Tandem.Media.Playout;

namespace Tandem.Client.Streams;

/// <summary>
/// The receive path of the peer's Opus audio, the one for both sides: packets from the network thread
/// go into an <see cref="OpusPlayout"/> (jitter buffer, then PLC for lost frames and FEC recovery of the
/// last one), and a playout loop of its own takes each frame out when it is due and hands the PCM to
/// an <see cref="IAudioSink"/>, stamped with its presentation time on the session's <see cref="MediaClock"/>.
/// </summary>
/// <remarks>
/// Threading: <see cref="Write"/> on the network thread, <see cref="Reset"/> and the counters from
/// anywhere, the sink on the loop only. The loop sleeps until the next frame is due or a packet
/// arrives (a timer and an <see cref="AutoResetSignal"/>, no allocation per frame).
/// </remarks>
internal sealed class AudioReceiver : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly MediaClock _clock;
    private readonly IAudioSink? _sink;
    private readonly TimeProvider _time;
    private readonly JitterBufferOptions? _jitter;
    private readonly AutoResetSignal _wake = new();
    private readonly ITimer _timer;
    private readonly short[] _pcm;
    private readonly List<OpusPlayout> _retired = [];
    private OpusPlayout _playout;
    private Func<uint, MediaInstant?> _presentation = static _ => null;
    private volatile bool _stopping;
    private long _samples;

    /// <summary>Decodes to <paramref name="sampleRate"/> Hz mono for <paramref name="sink"/> (or only counts when it is null).</summary>
    /// <exception cref="ArgumentException">The sink's format is not <paramref name="sampleRate"/> Hz mono.</exception>
    public AudioReceiver(int sampleRate, MediaClock clock, IAudioSink? sink, TimeProvider? timeProvider = null, JitterBufferOptions? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (sink is not null && (sink.Format.SampleRate != sampleRate || sink.Format.Channels != 1))
        {
            throw new ArgumentException(
                $"The audio sink takes {sink.Format.SampleRate} Hz with {sink.Format.Channels} channel(s), but the session decodes {sampleRate} Hz mono: " +
                "give the sink that format (e.g. AudioFormat.Voice16k) or set RtcFeatures.AudioSampleRate to match.", nameof(sink));
        }

        SampleRate = sampleRate;
        _clock = clock;
        _sink = sink;
        _time = timeProvider ?? TimeProvider.System;
        _jitter = jitter;
        _pcm = new short[sampleRate * 120 / 1000];
        _playout = NewPlayout();
        _timer = _time.CreateTimer(static state => ((AutoResetSignal)state!).Set(), _wake, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The PCM sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Packets received.</summary>
    public StreamCounters Received { get; } = new();

    /// <summary>Audio played out so far (decoded, recovered and concealed).</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Interlocked.Read(ref _samples) * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Frame counters of the current stream's playout.</summary>
    public OpusPlayoutStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return _playout.Statistics;
            }
        }
    }

    /// <summary>Takes one RTP payload (copied into the jitter buffer) and wakes the playout loop.</summary>
    public void Write(ReadOnlySpan<byte> packet, uint rtpTimestamp, ushort sequenceNumber)
    {
        OpusPlayout playout;
        lock (_lock)
        {
            playout = _playout;
        }

        Received.Add(packet.Length);
        playout.InsertPacket(sequenceNumber, rtpTimestamp, packet);
        _wake.Set();
    }

    /// <summary>
    /// A new stream starts (new peer connection): a fresh jitter buffer and decoder; <paramref name="presentation"/>
    /// maps its RTP timestamps to presentation instants (null while unknown).
    /// </summary>
    public void Reset(Func<uint, MediaInstant?> presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        lock (_lock)
        {
            _retired.Add(_playout);
            _playout = NewPlayout();
            _presentation = presentation;
        }

        _wake.Set();
    }

    /// <summary>
    /// Plays out until <see cref="DisposeAsync"/>. A sink that throws is reported to
    /// <paramref name="sinkFailed"/> once and gets nothing more (audio is still decoded and counted).
    /// </summary>
    public async Task RunAsync(Action<Exception> sinkFailed)
    {
        ArgumentNullException.ThrowIfNull(sinkFailed);
        var failed = false;
        while (!_stopping)
        {
            OpusPlayout playout;
            Func<uint, MediaInstant?> presentation;
            lock (_lock)
            {
                (playout, presentation) = (_playout, _presentation);
                RetireOld();
            }

            // The loop alone reads from a playout (its decoder is stateful).
            while (!_stopping && playout.TryReadFrame(_pcm, out var samples, out _, out var rtpTimestamp))
            {
                Interlocked.Add(ref _samples, samples);
                if (failed || _sink is null || samples == 0)
                {
                    continue;
                }

                try
                {
                    await _sink.WriteFrameAsync(_pcm.AsMemory(0, samples), presentation(rtpTimestamp) ?? _clock.Now).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The application's sink failed (a player that quit): the call goes on without it.
                    failed = true;
                    sinkFailed(e);
                }
            }

            if (playout.TimeUntilNextDue is { } due)
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }

            await _wake.WaitAsync().ConfigureAwait(false);
        }

        lock (_lock)
        {
            RetireOld();
            _playout.Dispose();
        }
    }

    /// <summary>Stops the loop (what is still buffered is not played) and its timer.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _wake.Set();
        await _timer.DisposeAsync().ConfigureAwait(false);
    }

    private OpusPlayout NewPlayout() => new(SampleRate, 1, _jitter, _time);

    // Under _lock, on the loop: a replaced playout may still get a late packet from its old connection,
    // which only lands in its cleared buffer; its decoder is freed here, where nothing else decodes.
    private void RetireOld()
    {
        foreach (var old in _retired)
        {
            old.Dispose();
        }

        _retired.Clear();
    }
}
