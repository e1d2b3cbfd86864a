namespace Tandem.Media.Opus;

/// <summary>
/// An Opus encoder (RFC 6716): 16-bit PCM frames in, Opus packets out. Runs on libopus, or on Concentus
/// where libopus does not load (<see cref="OpusEncoderOptions.Implementation"/>).
/// Not thread-safe: use one instance per audio stream from one thread at a time.
/// </summary>
/// <remarks>On libopus, encoding allocates nothing: PCM and packet buffers are the caller's spans.</remarks>
public sealed class OpusEncoder : IDisposable
{
    /// <summary>The largest packet worth allocating for (RFC 6716 §3.4 R5 bounds a frame to 1275 bytes).</summary>
    public const int MaxPacketSize = 1275;

    private readonly IOpusEncoderCore _core;

    /// <summary>Creates an encoder; <paramref name="options"/> defaults to 16 kHz mono VoIP, 20 ms frames, FEC on.</summary>
    /// <exception cref="ArgumentException">The sample rate, channel count or frame duration is not one Opus supports.</exception>
    /// <exception cref="OpusException">The codec refused to create the encoder or a setting.</exception>
    /// <exception cref="Native.NativeLibraryNotFoundException"><see cref="OpusImplementation.Libopus"/> was asked for and libopus is nowhere.</exception>
    public OpusEncoder(OpusEncoderOptions? options = null)
    {
        options ??= new OpusEncoderOptions();
        OpusFormat.Validate(options.SampleRate, options.Channels);
        FrameSamples = OpusFormat.SamplesPerChannel(options.SampleRate, options.FrameDuration);
        if (!OpusFormat.IsValidEncoderFrame(options.SampleRate, FrameSamples))
        {
            throw new ArgumentException($"Opus cannot encode {options.FrameDuration.TotalMilliseconds} ms frames.", nameof(options));
        }

        SampleRate = options.SampleRate;
        Channels = options.Channels;
        Implementation = OpusCodecCore.Resolve(options.Implementation);
        _core = OpusCodecCore.CreateEncoder(Implementation, SampleRate, Channels, options.Application);

        Bitrate = options.Bitrate;
        Complexity = options.Complexity;
        InbandFec = options.InbandFec;
        ExpectedPacketLossPercent = options.ExpectedPacketLossPercent;
        Dtx = options.Dtx;
        Set(OpusNative.SetSignalRequest, OpusNative.SignalVoice);
    }

    /// <summary>The implementation this encoder runs on (never <see cref="OpusImplementation.Auto"/>).</summary>
    public OpusImplementation Implementation { get; }

    /// <summary>Input sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Input channel count.</summary>
    public int Channels { get; }

    /// <summary>Samples per channel in one frame (320 for 20 ms at 16 kHz).</summary>
    public int FrameSamples { get; }

    /// <summary>Target bitrate in bits per second (OPUS_SET_BITRATE).</summary>
    public int Bitrate
    {
        get => Get(OpusNative.GetBitrateRequest);
        set => Set(OpusNative.SetBitrateRequest, value);
    }

    /// <summary>Computational complexity 0–10 (OPUS_SET_COMPLEXITY).</summary>
    public int Complexity
    {
        get => Get(OpusNative.GetComplexityRequest);
        set => Set(OpusNative.SetComplexityRequest, value);
    }

    /// <summary>In-band FEC (OPUS_SET_INBAND_FEC): each packet carries a low-bitrate copy of the previous frame.</summary>
    public bool InbandFec
    {
        get => Get(OpusNative.GetInbandFecRequest) != 0;
        set => Set(OpusNative.SetInbandFecRequest, value ? 1 : 0);
    }

    /// <summary>Expected packet loss percentage 0–100 (OPUS_SET_PACKET_LOSS_PERC); drives how much FEC is spent.</summary>
    public int ExpectedPacketLossPercent
    {
        get => Get(OpusNative.GetPacketLossPercentRequest);
        set => Set(OpusNative.SetPacketLossPercentRequest, value);
    }

    /// <summary>Discontinuous transmission (OPUS_SET_DTX): packets of 2 bytes or less need not be sent.</summary>
    public bool Dtx
    {
        get => Get(OpusNative.GetDtxRequest) != 0;
        set => Set(OpusNative.SetDtxRequest, value ? 1 : 0);
    }

    /// <summary>The encoder's look-ahead in samples at <see cref="SampleRate"/> (OPUS_GET_LOOKAHEAD); the Ogg pre-skip.</summary>
    public int Lookahead => Get(OpusNative.GetLookaheadRequest);

    /// <summary>
    /// Encodes one frame of interleaved PCM into <paramref name="destination"/>.
    /// </summary>
    /// <param name="pcm">Exactly <see cref="FrameSamples"/> × <see cref="Channels"/> samples.</param>
    /// <param name="destination">Packet buffer; <see cref="MaxPacketSize"/> bytes always suffice.</param>
    /// <returns>The packet length. With DTX, a length of 2 or less means "silence, nothing to send".</returns>
    /// <exception cref="ArgumentException"><paramref name="pcm"/> is not one frame long.</exception>
    /// <exception cref="OpusException">libopus failed (e.g. <paramref name="destination"/> too small).</exception>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        if (pcm.Length != FrameSamples * Channels)
        {
            throw new ArgumentException($"Expected {FrameSamples * Channels} samples, got {pcm.Length}.", nameof(pcm));
        }

        int result = _core.Encode(pcm, FrameSamples, destination);
        return result >= 0 ? result : throw new OpusException("opus_encode", (OpusError)result);
    }

    /// <summary>Resets the encoder state (OPUS_RESET_STATE), e.g. after a gap in the input.</summary>
    public void Reset() => Set(OpusNative.ResetStateRequest, 0);

    /// <inheritdoc />
    public void Dispose() => _core.Dispose();

    private void Set(int request, int value)
    {
        int result = _core.Set(request, value);
        if (result != 0)
        {
            throw new OpusException($"opus_encoder_ctl({request}, {value})", (OpusError)result);
        }
    }

    private int Get(int request)
    {
        int result = _core.Get(request, out int value);
        return result == 0 ? value : throw new OpusException($"opus_encoder_ctl({request})", (OpusError)result);
    }
}
