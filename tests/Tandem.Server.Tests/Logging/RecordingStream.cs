using System.Text;

namespace Tandem.Server.Tests.Logging;

/// <summary>A write-only stream that keeps what is written, counts write calls and can hold writers at a gate.</summary>
internal sealed class RecordingStream : Stream
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _data = new();
    private readonly SemaphoreSlim _written = new(0);
    private int _writes;

    /// <summary>Closed: a write waits here until it is opened (the output of a slow reader).</summary>
    public ManualResetEventSlim Open { get; } = new(true);

    /// <summary>Set when a write has started (before it waits at <see cref="Open"/>).</summary>
    public ManualResetEventSlim Entered { get; } = new(false);

    public int Writes => Volatile.Read(ref _writes);

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_data.GetBuffer(), 0, (int)_data.Length);
            }
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Waits (up to 10 s) until <paramref name="count"/> writes have completed.</summary>
    public void WaitForWrites(int count)
    {
        while (Writes < count)
        {
            Assert.True(_written.Wait(TimeSpan.FromSeconds(10)), $"only {Writes} of {count} writes arrived");
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Entered.Set();
        Open.Wait();
        lock (_gate)
        {
            _data.Write(buffer);
        }

        Interlocked.Increment(ref _writes);
        _written.Release();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _data.Dispose();
            _written.Dispose();
            Open.Dispose();
            Entered.Dispose();
        }

        base.Dispose(disposing);
    }
}
