using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>
/// A producer of already-encoded Opus packets with their capture instants (a hardware or platform
/// encoder), the encoded twin of <see cref="IAudioSource"/>. One reader calls <see cref="ReadPacketAsync"/>.
/// </summary>
public interface IOpusSource : IAsyncDisposable
{
    /// <summary>
    /// Copies the next packet into the start of <paramref name="destination"/> (<see cref="PushOpusSource.MaxPacketSize"/>
    /// bytes always suffice), waiting until one is there.
    /// </summary>
    /// <returns>The packet's length and capture instant, or null at the end of the stream.</returns>
    ValueTask<OpusPacketInfo?> ReadPacketAsync(Memory<byte> destination, CancellationToken cancellationToken = default);
}

/// <summary>Where an <see cref="IOpusSource"/> put a packet.</summary>
/// <param name="Length">Bytes of the packet.</param>
/// <param name="CaptureTime">When its first sample was captured, on the shared <see cref="MediaClock"/>.</param>
public readonly record struct OpusPacketInfo(int Length, MediaInstant CaptureTime);
