namespace Tandem.Server.Logging;

/// <summary>
/// Collects finished UTF-8 log lines in one buffer and writes whatever has accumulated with one
/// <see cref="Stream.Write(ReadOnlySpan{byte})"/> from a single background thread: at most
/// <c>flushInterval</c> after the first line of a batch, sooner when the buffer is half full, and on
/// <see cref="Dispose"/>. A caller never waits for the output: when the buffer is full the line is
/// dropped and counted, and the count is written as a line of its own with the next batch.
/// </summary>
public sealed class LogBatchWriter : IDisposable
{
    private readonly Stream _output;
    private readonly TimeSpan _flushInterval;
    private readonly Func<long, byte[]> _droppedLine;
    private readonly ITimer _timer;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _due = new(false);

    // Guards _filling, _length, _dropped and _stopped. Held only to copy one line in or to swap the
    // buffers, never during a write, so a blocked output stalls the writer thread, not the callers.
    private readonly Lock _gate = new();
    private byte[] _filling;
    private byte[] _draining;
    private int _length;
    private long _dropped;
    private long _droppedTotal;
    private bool _stopped;
    private volatile bool _stopping;

    /// <summary>Starts the writer thread.</summary>
    /// <param name="output">Where batches go (standard output in the server).</param>
    /// <param name="capacityBytes">Bytes waiting at most; a line that does not fit is dropped.</param>
    /// <param name="flushInterval">Longest time a line waits before it is written.</param>
    /// <param name="time">Clock for the flush timer.</param>
    /// <param name="droppedLine">Formats the line that reports how many lines were dropped.</param>
    public LogBatchWriter(Stream output, int capacityBytes, TimeSpan flushInterval, TimeProvider time, Func<long, byte[]> droppedLine)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 256);
        _output = output;
        _flushInterval = flushInterval;
        _droppedLine = droppedLine;
        _filling = new byte[capacityBytes];
        _draining = new byte[capacityBytes];
        _timer = time.CreateTimer(static s => ((LogBatchWriter)s!)._due.Set(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _thread = new Thread(Run) { IsBackground = true, Name = "Tandem log writer" };
        _thread.Start();
    }

    /// <summary>Lines dropped because the buffer was full, in total.</summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    /// <summary>Queues one complete line (its newline included); never blocks on the output.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        bool first, halfFull;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            if (line.Length > _filling.Length - _length)
            {
                _dropped++;
                Interlocked.Increment(ref _droppedTotal);
                return;
            }

            line.CopyTo(_filling.AsSpan(_length));
            var half = _filling.Length / 2;
            first = _length == 0;
            halfFull = _length < half && _length + line.Length >= half;
            _length += line.Length;
        }

        if (first)
        {
            _timer.Change(_flushInterval, Timeout.InfiniteTimeSpan);
        }

        if (halfFull)
        {
            _due.Set();
        }
    }

    /// <summary>Writes every queued line, then stops the writer thread (waits up to 5 s for a blocked output).</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _due.Set();
        _thread.Join(TimeSpan.FromSeconds(5));
        _timer.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _due.Wait();
            _due.Reset();
            if (_stopping)
            {
                lock (_gate)
                {
                    _stopped = true;
                }

                Drain();
                return;
            }

            Drain();
        }
    }

    private void Drain()
    {
        int length;
        long dropped;
        lock (_gate)
        {
            (_filling, _draining) = (_draining, _filling);
            length = _length;
            dropped = _dropped;
            _length = 0;
            _dropped = 0;
        }

        try
        {
            if (length > 0)
            {
                _output.Write(_draining, 0, length);
            }

            if (dropped > 0)
            {
                _output.Write(_droppedLine(dropped));
            }

            if (length > 0 || dropped > 0)
            {
                _output.Flush();
            }
        }
        catch (IOException)
        {
            // Standard output closed (e.g. the reading end of a pipe exited): the lines have nowhere to go.
        }
        catch (ObjectDisposedException)
        {
            // Same, seen as a disposed stream.
        }
    }
}
