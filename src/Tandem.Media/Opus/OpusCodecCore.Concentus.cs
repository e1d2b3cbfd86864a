using ConcentusError = Concentus.OpusException;
using OpusSignal = Concentus.Enums.OpusSignal;

namespace Tandem.Media.Opus;

// Concentus's constructors are marked obsolete in favour of OpusCodecFactory, which hands out libopus when it
// finds it — we bind libopus ourselves and come here precisely for the managed codec, so the constructors it is.
#pragma warning disable CS0618

/// <summary>An encoder over Concentus (the C# port of libopus): ctl requests map to its properties.</summary>
internal sealed class ConcentusEncoderCore(int sampleRate, int channels, OpusApplication application) : IOpusEncoderCore
{
    private readonly Concentus.Structs.OpusEncoder _encoder = Create(sampleRate, channels, application);

    public int Encode(ReadOnlySpan<short> pcm, int frameSamples, Span<byte> destination)
    {
        // A lambda cannot capture spans: Run's try/catch, inline.
        try
        {
            return _encoder.Encode(pcm, frameSamples, destination, destination.Length);
        }
        catch (ConcentusError e)
        {
            return e.OpusErrorCode < 0 ? e.OpusErrorCode : (int)OpusError.InternalError;
        }
    }

    public int Set(int request, int value) => Run(() =>
    {
        switch (request)
        {
            case OpusNative.SetBitrateRequest: _encoder.Bitrate = value; break;
            case OpusNative.SetComplexityRequest: _encoder.Complexity = value; break;
            case OpusNative.SetInbandFecRequest: _encoder.UseInbandFEC = value != 0; break;
            case OpusNative.SetPacketLossPercentRequest: _encoder.PacketLossPercent = value; break;
            case OpusNative.SetDtxRequest: _encoder.UseDTX = value != 0; break;
            case OpusNative.SetSignalRequest: _encoder.SignalType = (OpusSignal)value; break;
            case OpusNative.ResetStateRequest: _encoder.ResetState(); break;
            default: return (int)OpusError.Unimplemented;
        }

        return 0;
    });

    public int Get(int request, out int value)
    {
        value = request switch
        {
            OpusNative.GetBitrateRequest => _encoder.Bitrate,
            OpusNative.GetComplexityRequest => _encoder.Complexity,
            OpusNative.GetInbandFecRequest => _encoder.UseInbandFEC ? 1 : 0,
            OpusNative.GetPacketLossPercentRequest => _encoder.PacketLossPercent,
            OpusNative.GetDtxRequest => _encoder.UseDTX ? 1 : 0,
            OpusNative.GetLookaheadRequest => _encoder.Lookahead,
            _ => int.MinValue,
        };
        return value == int.MinValue ? (int)OpusError.Unimplemented : 0;
    }

    public void Dispose() => _encoder.Dispose();

    // Concentus reports errors as OpusException carrying libopus's code; libopus returns the code.
    private static int Run(Func<int> call)
    {
        try
        {
            return call();
        }
        catch (ConcentusError e)
        {
            return e.OpusErrorCode < 0 ? e.OpusErrorCode : (int)OpusError.InternalError;
        }
        catch (ArgumentException)
        {
            return (int)OpusError.BadArgument;
        }
    }

    private static Concentus.Structs.OpusEncoder Create(int sampleRate, int channels, OpusApplication application)
    {
        try
        {
            return new Concentus.Structs.OpusEncoder(sampleRate, channels, (Concentus.Enums.OpusApplication)application);
        }
        catch (ConcentusError e)
        {
            throw new OpusException("Concentus OpusEncoder", (OpusError)e.OpusErrorCode);
        }
    }
}

/// <summary>A decoder over Concentus; corrupt packets come back as error codes, never as exceptions.</summary>
internal sealed class ConcentusDecoderCore(int sampleRate, int channels) : IOpusDecoderCore
{
    private readonly Concentus.Structs.OpusDecoder _decoder = new(sampleRate, channels);

    /// <summary>Concentus's version string.</summary>
    public static string Version
    {
        get
        {
            using var decoder = new Concentus.Structs.OpusDecoder(48_000, 1);
            return decoder.GetVersionString();
        }
    }

    public int LastPacketDuration => _decoder.LastPacketDuration;

    /// <summary>opus_packet_get_nb_samples over Concentus's packet parser: samples per channel, or a negative <see cref="OpusError"/>.</summary>
    public static int GetSampleCount(ReadOnlySpan<byte> packet, int sampleRate)
    {
        try
        {
            return Concentus.Structs.OpusPacketInfo.GetNumSamples(packet, sampleRate);
        }
        catch (ConcentusError e)
        {
            return e.OpusErrorCode < 0 ? e.OpusErrorCode : (int)OpusError.InvalidPacket;
        }
    }

    public int Decode(ReadOnlySpan<byte> packet, Span<short> pcm, int frameSize, bool fec)
    {
        try
        {
            return _decoder.Decode(packet, pcm, frameSize, fec);
        }
        catch (ConcentusError e)
        {
            return e.OpusErrorCode < 0 ? e.OpusErrorCode : (int)OpusError.InvalidPacket;
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            // Network input: a malformed packet must not escape as an exception.
            return (int)OpusError.InvalidPacket;
        }
    }

    public void Reset() => _decoder.ResetState();

    public void Dispose() => _decoder.Dispose();
}
