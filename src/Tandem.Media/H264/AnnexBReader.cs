using System.Buffers;

namespace Tandem.Media.H264;

/// <summary>
/// Splits an H.264 Annex-B byte stream (a file, an encoder's stdout pipe) into access units as the
/// bytes arrive. Works on partial reads: an access unit is returned once the first NAL unit of the
/// next one has been seen (or the stream ended). Every byte of the stream lands in exactly one
/// access unit, so the concatenated units reproduce the stream. Not thread-safe.
/// </summary>
/// <remarks>
/// Annex-B has no length fields, so an access unit is known to be complete only when the start
/// code and first bytes of the next one arrive: on a live encoder pipe the reader adds up to one
/// frame interval of latency.
/// </remarks>
internal sealed partial class AnnexBReader : IDisposable
{
    /// <summary>Default bound on one access unit (a 4K IDR at high quality fits easily).</summary>
    public const int DefaultMaxAccessUnitSize = 8 * 1024 * 1024;

    private const int ReadChunk = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _maxAccessUnitSize;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scan;
    private bool _endOfStream;
    private bool _unitHasNal;
    private bool _unitHasVcl;

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    /// <param name="stream">The Annex-B byte stream.</param>
    /// <param name="maxAccessUnitSize">Largest access unit accepted before <see cref="InvalidDataException"/>.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public AnnexBReader(Stream stream, int maxAccessUnitSize = DefaultMaxAccessUnitSize, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAccessUnitSize, 16);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _maxAccessUnitSize = maxAccessUnitSize;
        _buffer = ArrayPool<byte>.Shared.Rent(ReadChunk * 2);
    }

    /// <summary>
    /// Returns the next access unit, or null at the end of the stream. The caller owns (and must
    /// dispose) the returned unit.
    /// </summary>
    /// <exception cref="InvalidDataException">An access unit exceeds the size bound.</exception>
    public async ValueTask<H264AccessUnit?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int boundary = FindNextBoundary();
            if (boundary >= 0)
            {
                return Emit(boundary);
            }

            if (_endOfStream)
            {
                return _end > _start ? Emit(_end) : null;
            }

            PrepareForRead();
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private H264AccessUnit Emit(int boundary)
    {
        if (boundary - _start > _maxAccessUnitSize)
        {
            throw TooLarge();
        }

        var unit = H264AccessUnit.CopyFrom(_buffer.AsSpan(_start, boundary - _start));
        _start = boundary;
        return unit;
    }

    private InvalidDataException TooLarge() => new($"H.264 access unit larger than {_maxAccessUnitSize} bytes.");

    // Moves the unfinished access unit to the front and makes room for at least one read chunk.
    private void PrepareForRead()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scan -= _start;
            _start = 0;
        }

        if (_end > _maxAccessUnitSize)
        {
            throw TooLarge();
        }

        if (_buffer.Length - _end >= ReadChunk)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
