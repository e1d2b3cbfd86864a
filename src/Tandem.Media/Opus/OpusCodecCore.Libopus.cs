namespace Tandem.Media.Opus;

/// <summary>An encoder over libopus (<c>opus_encoder_create</c> …).</summary>
internal sealed class LibopusEncoderCore : IOpusEncoderCore
{
    private readonly OpusEncoderHandle _handle;

    public LibopusEncoderCore(int sampleRate, int channels, OpusApplication application)
    {
        _handle = OpusNative.EncoderCreate(sampleRate, channels, (int)application, out int error);
        if (error != 0 || _handle.IsInvalid)
        {
            _handle.Dispose();
            throw new OpusException("opus_encoder_create", (OpusError)error);
        }
    }

    public unsafe int Encode(ReadOnlySpan<short> pcm, int frameSamples, Span<byte> destination)
    {
        fixed (short* pcmPointer = pcm)
        fixed (byte* destinationPointer = destination)
        {
            return OpusNative.Encode(_handle, pcmPointer, frameSamples, destinationPointer, destination.Length);
        }
    }

    public int Set(int request, int value) => OpusNative.EncoderCtl(_handle, request, value);

    public int Get(int request, out int value) => OpusNative.EncoderCtl(_handle, request, out value);

    public void Dispose() => _handle.Dispose();
}

/// <summary>A decoder over libopus (<c>opus_decoder_create</c> …).</summary>
internal sealed class LibopusDecoderCore : IOpusDecoderCore
{
    private readonly OpusDecoderHandle _handle;

    public LibopusDecoderCore(int sampleRate, int channels)
    {
        _handle = OpusNative.DecoderCreate(sampleRate, channels, out int error);
        if (error != 0 || _handle.IsInvalid)
        {
            _handle.Dispose();
            throw new OpusException("opus_decoder_create", (OpusError)error);
        }
    }

    public int LastPacketDuration =>
        OpusNative.DecoderCtl(_handle, OpusNative.GetLastPacketDurationRequest, out int value) == 0 ? value : 0;

    public unsafe int Decode(ReadOnlySpan<byte> packet, Span<short> pcm, int frameSize, bool fec)
    {
        fixed (byte* packetPointer = packet)
        fixed (short* pcmPointer = pcm)
        {
            return OpusNative.Decode(_handle, packet.IsEmpty ? null : packetPointer, packet.Length, pcmPointer, frameSize, fec ? 1 : 0);
        }
    }

    public void Reset() => OpusNative.DecoderCtl(_handle, OpusNative.ResetStateRequest);

    public void Dispose() => _handle.Dispose();
}
