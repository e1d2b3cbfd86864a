using System.Buffers;
using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// Presents an <see cref="IDatagramTransport"/> to BouncyCastle as its blocking
/// <see cref="DatagramTransport"/>. Datagrams raised by the lower transport are copied into pooled
/// buffers and queued; BouncyCastle's thread blocks on the queue with its own timeout, so retransmission
/// timers fire without any polling. Once the transport protects application data itself
/// (<see cref="Intercept"/>), both directions pass through it first and only the records BouncyCastle
/// must see are queued.
/// </summary>
internal sealed class DtlsDatagramAdapter : DatagramTransport, IDisposable
{
    // RFC 6347 §4.1: a DTLS record lies wholly within one datagram; anything larger than this is not ours.
    private const int MaxReceiveSize = 2048;

    private readonly IDatagramTransport _lower;
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _queue;
    private readonly int _sendLimit;
    private readonly CancellationTokenSource _closed = new();

    // Set while the queue may hold datagrams; lets the DTLS receive loop wait for data without holding
    // the record-layer lock (see DtlsTransport.ReceiveLoop).
    private readonly ManualResetEventSlim _available = new(false);
    private long _dropped;
    private ulong _highestSent;
    private DatagramHandler? _receiveInterceptor;
    private DatagramHandler? _sendInterceptor;

    public DtlsDatagramAdapter(IDatagramTransport lower, DtlsOptions options)
    {
        _lower = lower;
        _sendLimit = options.MaxDatagramSize;
        _queue = new BlockingCollection<(byte[], int)>(new ConcurrentQueue<(byte[], int)>(), options.ReceiveQueueCapacity);
        _lower.Received += OnLowerReceived;
    }

    /// <summary>Datagrams dropped because the queue was full or they could not be DTLS.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>True once closed by us or by BouncyCastle.</summary>
    public bool IsClosed => _closed.IsCancellationRequested;

    public int GetReceiveLimit() => MaxReceiveSize;

    /// <summary>
    /// The highest epoch ‖ sequence_number (RFC 6347 §4.1.2.1) among the records BouncyCastle sent so far.
    /// Read it only while BouncyCastle is not sending (after the handshake returned).
    /// </summary>
    public ulong HighestSentEpochAndSequence => _highestSent;

    /// <summary>
    /// From now on, DTLS datagrams from below go to <paramref name="received"/> instead of the queue (it
    /// may hand records back through <see cref="Enqueue"/>), and what BouncyCastle sends goes to
    /// <paramref name="sent"/> instead of straight down (it sends through <see cref="SendPooled"/>).
    /// </summary>
    public void Intercept(DatagramHandler received, DatagramHandler sent)
    {
        Volatile.Write(ref _sendInterceptor, sent);
        Volatile.Write(ref _receiveInterceptor, received);
    }

    /// <summary>Blocks until a datagram is queued (true), the timeout passes or the adapter closes (false).</summary>
    public bool WaitForDatagram(int millisecondsTimeout)
    {
        try
        {
            return _available.Wait(millisecondsTimeout, _closed.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        (byte[] Buffer, int Length) item;
        try
        {
            // BouncyCastle passes the time left until its next retransmission or deadline.
            bool taken = _queue.TryTake(out item, Math.Max(waitMillis, 1), _closed.Token);
            if (_queue.Count == 0)
            {
                // Reset, then re-check: a datagram queued in between must not be left unsignalled.
                _available.Reset();
                if (_queue.Count > 0)
                {
                    _available.Set();
                }
            }

            if (!taken)
            {
                return -1;
            }
        }
        catch (OperationCanceledException)
        {
            // Throwing (rather than returning -1) stops BouncyCastle from spinning until its timeout.
            throw new IOException("DTLS transport closed.");
        }

        try
        {
            int length = Math.Min(item.Length, buffer.Length);
            item.Buffer.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        if (Volatile.Read(ref _sendInterceptor) is { } intercept)
        {
            intercept(buffer);
            return;
        }

        NoteSent(buffer);

        // BouncyCastle reuses its buffer after Send returns, and the lower transport may send later:
        // the record is copied into a pooled buffer, returned as soon as the lower send completes
        // (at once for a UDP socket), so sending allocates nothing per datagram.
        byte[] copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        buffer.CopyTo(copy);
        SendPooled(copy, buffer.Length);
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of <paramref name="pooled"/>, which it returns to the pool when done.</summary>
    public void SendPooled(byte[] pooled, int length)
    {
        if (_closed.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(pooled);
            return;
        }

        ValueTask pending;
        try
        {
            pending = _lower.SendAsync(pooled.AsMemory(0, length));
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(pooled);
            throw;
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            ArrayPool<byte>.Shared.Return(pooled);
        }
        else
        {
            _ = ObserveAsync(pending, pooled);
        }
    }

    /// <summary>Queues <paramref name="datagram"/> for BouncyCastle (dropped, and counted, when the queue is full).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        if (_queue.TryAdd((buffer, datagram.Length)))
        {
            _available.Set();
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Wakes any blocked receive and stops queueing; called by BouncyCastle and by us.</summary>
    public void Close()
    {
        if (!_closed.IsCancellationRequested)
        {
            _lower.Received -= OnLowerReceived;
            _closed.Cancel();
        }
    }

    public void Dispose()
    {
        Close();
        while (_queue.TryTake(out var item))
        {
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }

    private static async Task ObserveAsync(ValueTask pending, byte[] pooled)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Best effort, as UDP: a failed send is a lost datagram, recovered by DTLS retransmission.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    private void OnLowerReceived(ReadOnlySpan<byte> datagram)
    {
        // RFC 7983 §7: DTLS records start with a content type in 20..63; other traffic is not ours.
        if (_closed.IsCancellationRequested || datagram.Length == 0 || datagram.Length > MaxReceiveSize
            || datagram[0] < 20 || datagram[0] > 63)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (Volatile.Read(ref _receiveInterceptor) is { } intercept)
        {
            intercept(datagram);
            return;
        }

        Enqueue(datagram);
    }

    private void NoteSent(ReadOnlySpan<byte> datagram)
    {
        while (DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header))
        {
            _highestSent = Math.Max(_highestSent, header.EpochAndSequence);
            datagram = datagram[header.RecordLength..];
        }
    }
}
