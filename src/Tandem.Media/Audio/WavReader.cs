using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tandem.Media.Audio;

/// <summary>
/// Reads 16-bit PCM from a RIFF/WAVE stream (WAVE_FORMAT_PCM or WAVE_FORMAT_EXTENSIBLE with 16-bit
/// samples). Unknown chunks before the data are skipped; a data size of 0 or 0xFFFFFFFF means
/// "until the end of the stream". Not thread-safe.
/// </summary>
internal sealed class WavReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _remainingBytes;

    /// <summary>Reads the header.</summary>
    /// <exception cref="InvalidDataException">The stream is not 16-bit PCM WAVE.</exception>
    public WavReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Span<byte> riff = stackalloc byte[12];
        if (!TryFill(riff) || !riff[..4].SequenceEqual("RIFF"u8) || !riff[8..].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("Not a RIFF/WAVE stream.");
        }

        ReadChunksUntilData();
        DataStart = stream.CanSeek ? stream.Position : -1;
    }

    /// <summary>Samples per second per channel.</summary>
    public int SampleRate { get; private set; }

    /// <summary>Interleaved channel count.</summary>
    public int Channels { get; private set; }

    /// <summary>Samples per channel in the data chunk, or -1 when the size is open-ended.</summary>
    public long TotalSamples { get; private set; }

    /// <summary>Byte offset of the first sample on a seekable stream (-1 otherwise).</summary>
    public long DataStart { get; }

    /// <summary>Reads up to <paramref name="destination"/>.Length interleaved samples; 0 at the end.</summary>
    public int Read(Span<short> destination)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        if (_remainingBytes >= 0 && _remainingBytes < bytes.Length)
        {
            bytes = bytes[..(int)(_remainingBytes & ~1L)];
        }

        int total = 0;
        while (total < bytes.Length)
        {
            int read = _stream.Read(bytes[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        total &= ~1;
        if (_remainingBytes >= 0)
        {
            _remainingBytes -= total;
        }

        var samples = destination[..(total / 2)];
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(samples, samples);
        }

        return samples.Length;
    }

    /// <summary>Moves back to the first sample (seekable streams only).</summary>
    public void Rewind()
    {
        if (DataStart < 0)
        {
            throw new NotSupportedException("The WAV stream is not seekable.");
        }

        _stream.Position = DataStart;
        _remainingBytes = TotalSamples < 0 ? -1 : TotalSamples * Channels * 2;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void ReadChunksUntilData()
    {
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> format = stackalloc byte[16];
        bool haveFormat = false;
        while (TryFill(chunk))
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || !TryFill(format))
                {
                    throw new InvalidDataException("Truncated WAVE fmt chunk.");
                }

                ParseFormat(format);
                haveFormat = true;
                Skip(size - 16 + (size & 1));
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    throw new InvalidDataException("WAVE data chunk before fmt chunk.");
                }

                bool open = size is 0 or uint.MaxValue;
                _remainingBytes = open ? -1 : size;
                TotalSamples = open ? -1 : size / 2 / Channels;
                return;
            }
            else
            {
                Skip(size + (size & 1));
            }
        }

        throw new InvalidDataException("WAVE stream has no data chunk.");
    }

    private void ParseFormat(ReadOnlySpan<byte> format)
    {
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(format);
        Channels = BinaryPrimitives.ReadUInt16LittleEndian(format[2..]);
        SampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(format[4..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(format[14..]);
        if (tag is not (1 or 0xFFFE) || bits != 16 || Channels == 0 || SampleRate <= 0)
        {
            throw new InvalidDataException($"Unsupported WAVE format (tag {tag}, {bits} bits, {Channels} channels).");
        }
    }

    private bool TryFill(Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = _stream.Read(buffer[total..]);
            if (read == 0)
            {
                return false;
            }

            total += read;
        }

        return true;
    }

    private void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            int read = _stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (read == 0)
            {
                throw new InvalidDataException("Truncated WAVE chunk.");
            }

            count -= read;
        }
    }
}
