using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tandem.Media.Audio;

/// <summary>
/// Writes 16-bit PCM as a RIFF/WAVE file (Microsoft RIFF spec, WAVE_FORMAT_PCM). On a seekable
/// stream the chunk sizes are patched on dispose; on a pipe they are written as 0xFFFFFFFF
/// ("until end of stream"), which ffmpeg and most readers accept. Not thread-safe.
/// </summary>
internal sealed class WavWriter : IDisposable
{
    private const int HeaderSize = 44;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _headerPosition;
    private long _dataBytes;
    private bool _disposed;

    /// <summary>Starts a WAV stream and writes its header.</summary>
    public WavWriter(Stream stream, int sampleRate, int channels, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        _stream = stream;
        _leaveOpen = leaveOpen;
        SampleRate = sampleRate;
        Channels = channels;
        _headerPosition = stream.CanSeek ? stream.Position : -1;
        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, sampleRate, channels, dataBytes: uint.MaxValue);
        _stream.Write(header);
    }

    /// <summary>Sample rate written in the header.</summary>
    public int SampleRate { get; }

    /// <summary>Channel count written in the header.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel written so far.</summary>
    public long SamplesWritten => _dataBytes / 2 / Channels;

    /// <summary>Appends interleaved samples.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (BitConverter.IsLittleEndian)
        {
            _stream.Write(MemoryMarshal.AsBytes(samples));
        }
        else
        {
            Span<byte> two = stackalloc byte[2];
            foreach (short s in samples)
            {
                BinaryPrimitives.WriteInt16LittleEndian(two, s);
                _stream.Write(two);
            }
        }

        _dataBytes += samples.Length * 2L;
    }

    /// <summary>Patches the header sizes (seekable streams) and closes the stream unless leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_headerPosition >= 0 && _dataBytes <= uint.MaxValue - HeaderSize)
        {
            long end = _stream.Position;
            Span<byte> header = stackalloc byte[HeaderSize];
            WriteHeader(header, SampleRate, Channels, (uint)_dataBytes);
            _stream.Position = _headerPosition;
            _stream.Write(header);
            _stream.Position = end;
        }

        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    // RIFF header + "fmt " chunk (16 bytes, WAVE_FORMAT_PCM = 1) + "data" chunk header.
    private static void WriteHeader(Span<byte> header, int sampleRate, int channels, uint dataBytes)
    {
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataBytes == uint.MaxValue ? uint.MaxValue : dataBytes + 36);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataBytes);
    }
}
