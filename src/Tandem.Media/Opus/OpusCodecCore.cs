namespace Tandem.Media.Opus;

/// <summary>The operations <see cref="OpusEncoder"/> needs from an Opus implementation, in libopus terms (opus.h).</summary>
internal interface IOpusEncoderCore : IDisposable
{
    /// <summary><c>opus_encode</c>: the packet length, or a negative <see cref="OpusError"/>.</summary>
    int Encode(ReadOnlySpan<short> pcm, int frameSamples, Span<byte> destination);

    /// <summary><c>opus_encoder_ctl</c> with a value (opus_defines.h request codes): 0 or a negative <see cref="OpusError"/>.</summary>
    int Set(int request, int value);

    /// <summary><c>opus_encoder_ctl</c> reading a value: 0 or a negative <see cref="OpusError"/>.</summary>
    int Get(int request, out int value);
}

/// <summary>The operations <see cref="OpusDecoder"/> needs from an Opus implementation.</summary>
internal interface IOpusDecoderCore : IDisposable
{
    /// <summary><c>opus_decode</c> (an empty packet conceals a lost frame): samples per channel, or a negative <see cref="OpusError"/>.</summary>
    int Decode(ReadOnlySpan<byte> packet, Span<short> pcm, int frameSize, bool fec);

    /// <summary>OPUS_GET_LAST_PACKET_DURATION, 0 when unknown.</summary>
    int LastPacketDuration { get; }

    /// <summary>OPUS_RESET_STATE.</summary>
    void Reset();
}

/// <summary>Picks the implementation: libopus when asked for or, for <see cref="OpusImplementation.Auto"/>, when it loads.</summary>
internal static class OpusCodecCore
{
    private static readonly Lazy<bool> LibopusLoads = new(() =>
    {
        try
        {
            return OpusNative.GetVersionString() != IntPtr.Zero;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    });

    /// <summary>Resolves <see cref="OpusImplementation.Auto"/>; the others stay as asked (and fail at use if unavailable).</summary>
    public static OpusImplementation Resolve(OpusImplementation requested) => Resolve(requested, () => LibopusLoads.Value);

    /// <summary>Resolves <paramref name="requested"/> given whether libopus loads (asked only for <see cref="OpusImplementation.Auto"/>).</summary>
    internal static OpusImplementation Resolve(OpusImplementation requested, Func<bool> libopusLoads) => requested switch
    {
        OpusImplementation.Auto => libopusLoads() ? OpusImplementation.Libopus : OpusImplementation.Concentus,
        OpusImplementation.Libopus or OpusImplementation.Concentus => requested,
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "Not an OpusImplementation."),
    };

    /// <exception cref="OpusException">The implementation refused to create the encoder.</exception>
    public static IOpusEncoderCore CreateEncoder(OpusImplementation implementation, int sampleRate, int channels, OpusApplication application) =>
        implementation == OpusImplementation.Concentus
            ? new ConcentusEncoderCore(sampleRate, channels, application)
            : new LibopusEncoderCore(sampleRate, channels, application);

    /// <exception cref="OpusException">The implementation refused to create the decoder.</exception>
    public static IOpusDecoderCore CreateDecoder(OpusImplementation implementation, int sampleRate, int channels) =>
        implementation == OpusImplementation.Concentus
            ? new ConcentusDecoderCore(sampleRate, channels)
            : new LibopusDecoderCore(sampleRate, channels);
}
