using System.Buffers;
using System.Threading.Channels;
using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>
/// The audio source an application pushes its own Opus encoder's output into (e.g. the glasses' DSP):
/// <see cref="TryWritePacket"/> from the encoder's callback with each packet and the instant its first
/// sample was captured, on the same <see cref="MediaClock"/> as the video. The session gives each packet
/// the 48 kHz RTP timestamp of that instant and samples the same clock for its RTCP sender reports, so
/// the receiver lines it up with the video exactly as it does PCM the session encoded itself.
/// </summary>
/// <remarks>
/// Threading: one writer at a time from any thread; one reader. Packets are copied into pooled buffers.
/// At most <see cref="Capacity"/> packets wait to be sent; a packet that finds the queue full is dropped
/// (Opus needs no keyframe: the receiver conceals it) and counted in <see cref="DroppedPackets"/>.
/// </remarks>
public sealed class PushOpusSource : IOpusSource
{
    /// <summary>The largest packet taken: one RTP payload under a 1500-byte MTU (RFC 7587 §4.2 packs one Opus packet per RTP packet).</summary>
    public const int MaxPacketSize = 1400;

    private readonly Channel<Packet> _packets;
    private long _dropped;

    /// <summary>Creates the source.</summary>
    /// <param name="capacity">Packets that may wait to be sent (at least 1; 50 are one second of 20 ms packets).</param>
    public PushOpusSource(int capacity = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _packets = Channel.CreateBounded<Packet>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Packets that may wait to be sent.</summary>
    public int Capacity { get; }

    /// <summary>Packets dropped because the queue was full.</summary>
    public long DroppedPackets => Interlocked.Read(ref _dropped);

    /// <summary>Queues one Opus packet (RFC 6716 §3, copied) captured at <paramref name="captureTime"/>.</summary>
    /// <returns>True when queued; false when dropped (queue full) or after <see cref="Complete"/>.</returns>
    /// <exception cref="ArgumentException">The packet is empty or larger than <see cref="MaxPacketSize"/>.</exception>
    public bool TryWritePacket(ReadOnlySpan<byte> packet, MediaInstant captureTime)
    {
        if (packet.IsEmpty || packet.Length > MaxPacketSize)
        {
            throw new ArgumentException(
                $"An Opus packet holds 1 to {MaxPacketSize} bytes; this one has {packet.Length}: encode shorter frames or at a lower bitrate.", nameof(packet));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(buffer);
        if (_packets.Writer.TryWrite(new Packet(buffer, packet.Length, captureTime)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Ends the stream: the reader gets null once the queued packets are sent.</summary>
    public void Complete() => _packets.Writer.TryComplete();

    /// <inheritdoc />
    public async ValueTask<OpusPacketInfo?> ReadPacketAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (await _packets.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_packets.Reader.TryRead(out var packet))
            {
                try
                {
                    packet.Buffer.AsMemory(0, packet.Length).CopyTo(destination);
                    return new OpusPacketInfo(packet.Length, packet.CaptureTime);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(packet.Buffer);
                }
            }
        }

        return null;
    }

    /// <summary>Ends the stream and frees the packets still queued.</summary>
    public ValueTask DisposeAsync()
    {
        Complete();
        while (_packets.Reader.TryRead(out var packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }

        return ValueTask.CompletedTask;
    }

    private readonly record struct Packet(byte[] Buffer, int Length, MediaInstant CaptureTime);
}
