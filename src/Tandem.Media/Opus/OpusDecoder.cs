using System.Buffers;

namespace Tandem.Media.Opus;

/// <summary>
/// An Opus decoder (RFC 6716): packets in, 16-bit PCM out, with packet-loss concealment and in-band
/// FEC recovery. Runs on libopus, or on Concentus where libopus does not load. Not thread-safe: one
/// instance per incoming stream.
/// </summary>
/// <remarks>
/// Packets come from the network, so decoding never throws on bad data: it returns
/// <see cref="OperationStatus.InvalidData"/>. On libopus, decoding allocates nothing.
/// </remarks>
internal sealed class OpusDecoder : IDisposable
{
    private readonly IOpusDecoderCore _core;

    /// <summary>Creates a decoder producing <paramref name="channels"/> channels at <paramref name="sampleRate"/> Hz.</summary>
    /// <param name="sampleRate">Output rate: 8000, 12000, 16000, 24000 or 48000 Hz.</param>
    /// <param name="channels">Output channels: 1 or 2.</param>
    /// <param name="implementation">libopus when it loads, else Concentus (<see cref="OpusImplementation.Auto"/>); or either one.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate or channel count is not one Opus supports.</exception>
    /// <exception cref="OpusException">The codec refused to create the decoder.</exception>
    /// <exception cref="Native.NativeLibraryNotFoundException"><see cref="OpusImplementation.Libopus"/> was asked for and libopus is nowhere.</exception>
    public OpusDecoder(int sampleRate = 16_000, int channels = 1, OpusImplementation implementation = OpusImplementation.Auto)
    {
        OpusFormat.Validate(sampleRate, channels);
        SampleRate = sampleRate;
        Channels = channels;
        Implementation = OpusCodecCore.Resolve(implementation);
        _core = OpusCodecCore.CreateDecoder(Implementation, sampleRate, channels);
    }

    /// <summary>The implementation this decoder runs on (never <see cref="OpusImplementation.Auto"/>).</summary>
    public OpusImplementation Implementation { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Output channel count.</summary>
    public int Channels { get; }

    /// <summary>The libopus error behind the last non-<see cref="OperationStatus.Done"/> result.</summary>
    public OpusError LastError { get; private set; }

    /// <summary>
    /// Decodes one packet into interleaved PCM.
    /// </summary>
    /// <param name="packet">The Opus packet (the RTP payload).</param>
    /// <param name="pcm">Output; room for the packet's duration (up to 120 ms) times <see cref="Channels"/>.</param>
    /// <param name="samplesPerChannel">Samples per channel written.</param>
    /// <returns><see cref="OperationStatus.Done"/>, <see cref="OperationStatus.DestinationTooSmall"/> or <see cref="OperationStatus.InvalidData"/>.</returns>
    public OperationStatus Decode(ReadOnlySpan<byte> packet, Span<short> pcm, out int samplesPerChannel)
    {
        if (packet.IsEmpty)
        {
            samplesPerChannel = 0;
            LastError = OpusError.InvalidPacket;
            return OperationStatus.InvalidData;
        }

        return Run(packet, pcm, pcm.Length / Channels, fec: false, out samplesPerChannel);
    }

    /// <summary>
    /// Packet-loss concealment: synthesises the whole of <paramref name="pcm"/> for a packet that never arrived.
    /// </summary>
    /// <param name="pcm">The missing duration, a multiple of 2.5 ms (e.g. 320 samples for 20 ms at 16 kHz).</param>
    /// <returns>Samples per channel written (the full length), or a negative <see cref="OpusError"/>.</returns>
    public int DecodeLost(Span<short> pcm)
    {
        int frame = pcm.Length / Channels;
        if (!OpusFormat.IsMultipleOfMinimumFrame(SampleRate, frame))
        {
            LastError = OpusError.BadArgument;
            return (int)OpusError.BadArgument;
        }

        return Run(ReadOnlySpan<byte>.Empty, pcm, frame, fec: false, out int samples) == OperationStatus.Done
            ? samples
            : (int)LastError;
    }

    /// <summary>
    /// Recovers a lost frame from the in-band FEC data carried by the packet that followed it; when
    /// that packet has no FEC data, libopus conceals the frame instead. Decode <paramref name="nextPacket"/>
    /// itself afterwards with <see cref="Decode"/>.
    /// </summary>
    /// <param name="nextPacket">The packet received after the gap.</param>
    /// <param name="pcm">Exactly the lost frame's duration (e.g. 320 samples for 20 ms at 16 kHz).</param>
    /// <param name="samplesPerChannel">Samples per channel written.</param>
    public OperationStatus DecodeFec(ReadOnlySpan<byte> nextPacket, Span<short> pcm, out int samplesPerChannel)
    {
        int frame = pcm.Length / Channels;
        if (nextPacket.IsEmpty || !OpusFormat.IsMultipleOfMinimumFrame(SampleRate, frame))
        {
            samplesPerChannel = 0;
            LastError = nextPacket.IsEmpty ? OpusError.InvalidPacket : OpusError.BadArgument;
            return OperationStatus.InvalidData;
        }

        return Run(nextPacket, pcm, frame, fec: true, out samplesPerChannel);
    }

    /// <summary>The duration of the last decoded packet in samples per channel (OPUS_GET_LAST_PACKET_DURATION).</summary>
    public int LastPacketDuration => _core.LastPacketDuration;

    /// <summary>Resets the decoder state (OPUS_RESET_STATE), e.g. when the stream restarts.</summary>
    public void Reset() => _core.Reset();

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    private OperationStatus Run(ReadOnlySpan<byte> packet, Span<short> pcm, int frameSize, bool fec, out int samplesPerChannel)
    {
        int result = _core.Decode(packet, pcm, frameSize, fec);

        if (result >= 0)
        {
            samplesPerChannel = result;
            LastError = OpusError.Ok;
            return OperationStatus.Done;
        }

        samplesPerChannel = 0;
        LastError = (OpusError)result;
        return LastError == OpusError.BufferTooSmall ? OperationStatus.DestinationTooSmall : OperationStatus.InvalidData;
    }
}
