using System.Globalization;

namespace Tandem.Server.Logging;

/// <summary>
/// An append-only log file that rolls over by size: before a write that would take it past the limit,
/// <c>PATH</c> becomes <c>PATH.1</c> (<c>PATH.1</c> becomes <c>PATH.2</c>, ...; the oldest beyond the file
/// count is deleted) and a new <c>PATH</c> is started. Each write is kept whole in one file, so with
/// <see cref="LogBatchWriter"/> (one write per batch of whole lines) no line is ever split across files.
/// Written by one thread at a time (the batch writer's).
/// </summary>
public sealed class RollingFileStream : Stream
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _maxFiles;
    private FileStream _file;

    /// <summary>Opens <paramref name="path"/> for appending, creating it and its folder if needed.</summary>
    /// <param name="path">The current file.</param>
    /// <param name="maxBytes">Size at which it rolls over.</param>
    /// <param name="maxFiles">Files kept, the current one included (1: only the current file).</param>
    /// <exception cref="IOException">The file or its folder cannot be created or opened.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to create or write it.</exception>
    public RollingFileStream(string path, long maxBytes, int maxFiles)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _maxFiles = maxFiles;
        if (Path.GetDirectoryName(_path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _file = Open();
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <summary>Bytes in the current file.</summary>
    public override long Length => _file.Length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _file.Position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // A write larger than the limit still goes whole into a file of its own.
        if (_file.Length > 0 && _file.Length + buffer.Length > _maxBytes)
        {
            Roll();
        }

        _file.Write(buffer);
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Flush() => _file.Flush();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    // FileShare.ReadWrite | Delete: operators may tail, copy or remove the files while the server writes.
    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);

    private void Roll()
    {
        _file.Dispose();
        try
        {
            // The oldest kept file would be pushed past the count (with a count of 1: the current file).
            File.Delete(Numbered(_maxFiles - 1));
            for (var i = _maxFiles - 2; i >= 0; i--)
            {
                if (File.Exists(Numbered(i)))
                {
                    File.Move(Numbered(i), Numbered(i + 1));
                }
            }
        }
        finally
        {
            // Even after a failed rename the writer goes on, into the current file.
            _file = Open();
        }
    }

    private string Numbered(int n) => n == 0 ? _path : _path + "." + n.ToString(CultureInfo.InvariantCulture);
}
