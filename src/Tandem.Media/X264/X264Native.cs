using System.Runtime.InteropServices;
using Tandem.Media.Native;

namespace Tandem.Media.X264;

/// <summary>
/// P/Invoke declarations for libx264, X264_BUILD 164 (x264.h of x264 0.164, Debian <c>libx264-164</c>;
/// https://code.videolan.org/videolan/x264/-/blob/stable/x264.h). Only the functions and the few
/// structure fields the encoder needs are declared; <c>x264_param_t</c> stays opaque (see <see cref="X264Parameters"/>).
/// </summary>
internal static unsafe partial class X264Native
{
    // The logical name; NativeLibraryResolver maps it to the app's own copy or the system's libx264.so.164.
    private const string Library = "x264";

    static X264Native() => NativeLibraryResolver.EnsureRegistered();

    // x264.h: X264_TYPE_* picture types (in: forced type; out: the type coded).
    internal const int TypeAuto = 0x0000;
    internal const int TypeIdr = 0x0001;

    // x264.h: X264_CSP_I420, yuv 4:2:0 planar.
    internal const int CspI420 = 0x0002;

    // x264.h: x264_param_parse errors.
    internal const int ParamBadName = -1;
    internal const int ParamBadValue = -2;

    [LibraryImport(Library, EntryPoint = "x264_param_default_preset", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ParamDefaultPreset(void* param, string? preset, string? tune);

    [LibraryImport(Library, EntryPoint = "x264_param_apply_profile", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ParamApplyProfile(void* param, string profile);

    [LibraryImport(Library, EntryPoint = "x264_param_parse", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ParamParse(void* param, string name, string? value);

    [LibraryImport(Library, EntryPoint = "x264_param_cleanup")]
    internal static partial void ParamCleanup(void* param);

    // x264.h: x264_encoder_open is a macro for x264_encoder_open_##X264_BUILD, so linking fails on another build.
    [LibraryImport(Library, EntryPoint = "x264_encoder_open_164")]
    internal static partial IntPtr EncoderOpen(void* param);

    [LibraryImport(Library, EntryPoint = "x264_encoder_reconfig")]
    internal static partial int EncoderReconfig(IntPtr encoder, void* param);

    [LibraryImport(Library, EntryPoint = "x264_encoder_parameters")]
    internal static partial void EncoderParameters(IntPtr encoder, void* param);

    [LibraryImport(Library, EntryPoint = "x264_encoder_headers")]
    internal static partial int EncoderHeaders(IntPtr encoder, X264Nal** nals, int* nalCount);

    [LibraryImport(Library, EntryPoint = "x264_encoder_encode")]
    internal static partial int EncoderEncode(IntPtr encoder, X264Nal** nals, int* nalCount, X264Picture* pictureIn, X264Picture* pictureOut);

    [LibraryImport(Library, EntryPoint = "x264_encoder_maximum_delayed_frames")]
    internal static partial int EncoderMaximumDelayedFrames(IntPtr encoder);

    [LibraryImport(Library, EntryPoint = "x264_encoder_close")]
    internal static partial void EncoderClose(IntPtr encoder);

    [LibraryImport(Library, EntryPoint = "x264_picture_init")]
    internal static partial void PictureInit(X264Picture* picture);
}
