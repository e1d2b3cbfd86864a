using System.Runtime.InteropServices;
using Tandem.Media.Native;

namespace Tandem.Media.Opus;

/// <summary>
/// P/Invoke declarations for libopus (opus.h / opus_defines.h, https://opus-codec.org/docs/opus_api-1.3.1/).
/// </summary>
/// <remarks>
/// <c>opus_encoder_ctl</c>/<c>opus_decoder_ctl</c> are variadic in C; they are declared here with one
/// fixed <c>int</c> or <c>int*</c> argument, which matches the variadic calling convention on the
/// System V x86-64 and AArch64 Linux ABIs we run on (not Apple arm64, where variadic arguments go on the stack).
/// </remarks>
internal static partial class OpusNative
{
    // The logical name; NativeLibraryResolver maps it to the app's own copy or the system's libopus.so.0.
    private const string Library = "opus";

    static OpusNative() => NativeLibraryResolver.EnsureRegistered();

    [LibraryImport(Library, EntryPoint = "opus_encoder_create")]
    internal static partial OpusEncoderHandle EncoderCreate(int sampleRate, int channels, int application, out int error);

    [LibraryImport(Library, EntryPoint = "opus_encoder_destroy")]
    internal static partial void EncoderDestroy(IntPtr encoder);

    [LibraryImport(Library, EntryPoint = "opus_encode")]
    internal static unsafe partial int Encode(OpusEncoderHandle encoder, short* pcm, int frameSize, byte* data, int maxDataBytes);

    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    internal static partial int EncoderCtl(OpusEncoderHandle encoder, int request, int value);

    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    internal static partial int EncoderCtl(OpusEncoderHandle encoder, int request, out int value);

    [LibraryImport(Library, EntryPoint = "opus_decoder_create")]
    internal static partial OpusDecoderHandle DecoderCreate(int sampleRate, int channels, out int error);

    [LibraryImport(Library, EntryPoint = "opus_decoder_destroy")]
    internal static partial void DecoderDestroy(IntPtr decoder);

    [LibraryImport(Library, EntryPoint = "opus_decode")]
    internal static unsafe partial int Decode(OpusDecoderHandle decoder, byte* data, int length, short* pcm, int frameSize, int decodeFec);

    [LibraryImport(Library, EntryPoint = "opus_decoder_ctl")]
    internal static partial int DecoderCtl(OpusDecoderHandle decoder, int request, out int value);

    [LibraryImport(Library, EntryPoint = "opus_decoder_ctl")]
    internal static partial int DecoderCtl(OpusDecoderHandle decoder, int request);

    [LibraryImport(Library, EntryPoint = "opus_packet_get_nb_samples")]
    internal static unsafe partial int PacketGetSampleCount(byte* packet, int length, int sampleRate);

    [LibraryImport(Library, EntryPoint = "opus_get_version_string")]
    internal static partial IntPtr GetVersionString();

    // opus_defines.h: CTL request codes.
    internal const int SetBitrateRequest = 4002;
    internal const int GetBitrateRequest = 4003;
    internal const int SetComplexityRequest = 4010;
    internal const int GetComplexityRequest = 4011;
    internal const int SetInbandFecRequest = 4012;
    internal const int GetInbandFecRequest = 4013;
    internal const int SetPacketLossPercentRequest = 4014;
    internal const int GetPacketLossPercentRequest = 4015;
    internal const int SetDtxRequest = 4016;
    internal const int GetDtxRequest = 4017;
    internal const int SetSignalRequest = 4024;
    internal const int GetLookaheadRequest = 4027;
    internal const int ResetStateRequest = 4028;
    internal const int GetLastPacketDurationRequest = 4039;

    // opus_defines.h: OPUS_SIGNAL_VOICE.
    internal const int SignalVoice = 3001;
}
