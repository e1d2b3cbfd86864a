using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tandem.Media.Opus;

/// <summary>
/// Writes Opus packets into an Ogg Opus file (RFC 7845 on the Ogg container of RFC 3533), e.g. to
/// record a received audio stream without re-encoding it. Not thread-safe.
/// </summary>
/// <remarks>
/// Layout (RFC 7845 §3): page 0 holds only the ID header ("OpusHead", BOS), page 1 only the comment
/// header ("OpusTags"), then audio pages of up to <see cref="PacketsPerPage"/> packets; the last page
/// carries the EOS flag. A page's granule position counts 48 kHz samples of all packets completed on
/// it, pre-skip included (RFC 7845 §4).
/// </remarks>
internal sealed partial class OggOpusWriter : IDisposable
{
    /// <summary>Audio packets gathered into one page (50 × 20 ms = 1 s).</summary>
    public const int PacketsPerPage = 50;

    private const int HeaderSize = 27;
    private const int MaxSegments = 255;
    private const int MaxPageBody = MaxSegments * 255;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly uint _serial;
    private readonly byte[] _page;
    private int _segmentCount;
    private int _bodyLength;
    private int _pagePackets;
    private uint _pageSequence;
    private long _granule;
    private bool _disposed;

    /// <summary>Starts a file and writes its two header pages.</summary>
    /// <param name="stream">Destination stream.</param>
    /// <param name="channels">Channel count of the packets (1 or 2).</param>
    /// <param name="inputSampleRate">The original capture rate, informational (RFC 7845 §5.1).</param>
    /// <param name="preSkip">Samples at 48 kHz to drop from the decoder's start: the encoder look-ahead × 48000 / rate.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="stream"/> open.</param>
    public OggOpusWriter(Stream stream, int channels, int inputSampleRate, int preSkip, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(preSkip);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _serial = NewSerialNumber();
        _page = ArrayPool<byte>.Shared.Rent(HeaderSize + MaxSegments + MaxPageBody);
        WriteIdHeader(channels, inputSampleRate, preSkip);
        WriteCommentHeader();
    }

    /// <summary>Total 48 kHz samples written so far, pre-skip included.</summary>
    public long GranulePosition => _granule;

    /// <summary>
    /// Appends one Opus packet. Returns false, writing nothing, when the packet is malformed
    /// (its TOC byte does not give a duration).
    /// </summary>
    public bool TryWritePacket(ReadOnlySpan<byte> packet)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int samples = OpusPacket.GetSampleCount(packet, 48_000);
        if (samples <= 0 || packet.Length > MaxPageBody - 255)
        {
            return false;
        }

        int segmentsNeeded = (packet.Length / 255) + 1;
        if (_pagePackets == PacketsPerPage || _segmentCount + segmentsNeeded > MaxSegments)
        {
            FlushPage(endOfStream: false);
        }

        AppendPacket(packet);
        _granule += samples;
        _pagePackets++;
        return true;
    }

    /// <summary>Writes the final page (EOS) and releases the page buffer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        FlushPage(endOfStream: true);
        _stream.Flush();
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_page);
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static uint NewSerialNumber() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    private void WriteIdHeader(int channels, int inputSampleRate, int preSkip)
    {
        // RFC 7845 §5.1: magic, version 1, channel count, pre-skip, input rate, output gain 0, mapping family 0.
        Span<byte> head = stackalloc byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = (byte)channels;
        BinaryPrimitives.WriteUInt16LittleEndian(head[10..], (ushort)preSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head[12..], (uint)inputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head[16..], 0);
        head[18] = 0;
        AppendPacket(head);
        WritePage(headerType: 0x02);
    }

    private void WriteCommentHeader()
    {
        // RFC 7845 §5.2: magic, vendor string (length-prefixed), zero user comments.
        byte[] vendor = Encoding.UTF8.GetBytes(OpusPacket.LibraryVersion);
        Span<byte> tags = stackalloc byte[8 + 4 + vendor.Length + 4];
        "OpusTags"u8.CopyTo(tags);
        BinaryPrimitives.WriteUInt32LittleEndian(tags[8..], (uint)vendor.Length);
        vendor.CopyTo(tags[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(tags[(12 + vendor.Length)..], 0);
        AppendPacket(tags);
        WritePage(headerType: 0);
    }
}
